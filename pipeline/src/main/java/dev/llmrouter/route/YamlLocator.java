package dev.llmrouter.route;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the line of a path such as {@code routes[2].tier} in a YAML text, for error messages. */
public final class YamlLocator {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private YamlLocator() {
    }

    /** {@code source:line} of the path in the text, or just {@code source} when the text does not have it. */
    public static String where(String yaml, String source, String path) {
        return line(yaml, path).stream().mapToObj(line -> source + ":" + line).findFirst().orElse(source);
    }

    /** The 1-based line where the path's last key (or element) is written, if the text has it. */
    static OptionalInt line(String yaml, String path) {
        List<Object> steps = new ArrayList<>();
        Matcher matcher = STEP.matcher(path);
        while (matcher.find()) {
            steps.add(matcher.group(1) != null ? matcher.group(1) : (Object) Integer.parseInt(matcher.group(2)));
        }
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return OptionalInt.empty();
            }
            return find(parser, steps, 0);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt find(JsonParser parser, List<Object> steps, int depth) throws IOException {
        if (depth == steps.size()) {
            return OptionalInt.of(parser.currentTokenLocation().getLineNr());
        }
        Object step = steps.get(depth);
        if (parser.currentToken() == JsonToken.START_OBJECT && step instanceof String key) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int nameLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                if (name.equals(key)) {
                    return depth + 1 == steps.size() ? OptionalInt.of(nameLine) : find(parser, steps, depth + 1);
                }
                parser.skipChildren();
            }
        } else if (parser.currentToken() == JsonToken.START_ARRAY && step instanceof Integer index) {
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                if (i == index) {
                    return find(parser, steps, depth + 1);
                }
                parser.skipChildren();
            }
        }
        return OptionalInt.empty();
    }
}
