package dev.llmrouter.quality;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shape checks of an answer that need no model: whether it refuses or hedges, whether it ends in a
 * final answer, whether the calculations it shows are right (calculator annotations
 * {@code <<27+5=32>>} and inline {@code 27 + 5 = 32}), whether the final answer is the result it
 * computed, whether it uses the numbers the prompt gave (a percentage also counts as used as a
 * fraction or as its complement: 20% as 0.2 or 0.8), and its length. The learned weights of
 * {@link AnswerScorer} turn these into a probability that the answer is right.
 */
public final class AnswerFeatures {

    /** Feature names, in vector order; the scorer's weights file lists them too. */
    public static final List<String> NAMES = List.of("refusal", "hedge", "no_final_answer", "no_calculation", "wrong_calculations",
            "final_not_integer", "final_not_last_result", "final_not_in_working", "prompt_numbers_unused", "log_answer_chars",
            "log_prompt_chars", "log_lines", "text_after_final", "any_prompt_number_unused", "prompt_numbers_unused_count");

    // REFUSAL and HEDGE match the lower-cased answer: case-insensitive matching tries both cases at every position.
    // Each pattern first looks ahead for the first letters its alternatives can start with: a search tries every
    // position, and one character test rejects most of them before the word boundary and the alternatives
    // (2-4 times faster; the scorer runs on every answer).
    static final Pattern REFUSAL = Pattern.compile(
            "(?=[ia])\\b(i'?m sorry|i am sorry|i cannot|i can'?t (help|assist|answer)|as an ai\\b|i'?m (not able|unable) to|i do not have enough)");
    static final Pattern HEDGE = Pattern.compile(
            "(?=[hanrumic])\\b(however|assum\\w*|approximately|actually|not possible|round(ed|ing)? (up|down)|unclear|i think|might be|it seems|can'?t be)\\b");
    static final Pattern FINAL = Pattern.compile("(?i)(?=[#\\\\tfa])(####|\\\\boxed\\{|the (final )?answer is|final answer:?|^answer:)",
            Pattern.MULTILINE);
    // Words every match of a pattern contains. A search for them (String.contains, vectorised) is far cheaper than
    // a pattern tried at every position, and most answers have none, so the pattern runs only when one is there.
    private static final List<String> REFUSAL_WORDS = List.of("sorry", "cannot", "can't", "cant", "as an ai", "able to",
            "have enough");
    private static final List<String> HEDGE_WORDS = List.of("however", "assum", "approximately", "actually", "not possible",
            "round", "unclear", "i think", "might be", "it seems", "t be");
    private static final List<String> FINAL_WORDS = List.of("####", "\\boxed{", "answer is", "final answer", "answer:");
    private static final Pattern ANNOTATION = Pattern.compile("<<([^<>=]*)=([^<>]*)>>");
    private static final Pattern INLINE = Pattern.compile(
            "(\\(?\\$?\\d[\\d,]*(?:\\.\\d+)?%?\\)?(?:\\s*[-+*/x×÷^]\\s*\\(?\\$?\\d[\\d,]*(?:\\.\\d+)?%?\\)?)+)\\s*=\\s*\\$?(-?\\d[\\d,]*(?:\\.\\d+)?)");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:%|percent)");
    private static final Pattern ANNOTATION_MARK = Pattern.compile("<<[^<>]*>>");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?");

    private AnswerFeatures() {
    }

    public static double[] extract(String prompt, String answer) {
        double[] f = new double[NAMES.size()];
        String lower = answer.toLowerCase(Locale.ROOT);
        f[0] = refuses(lower) ? 1 : 0;
        f[1] = hedges(lower) ? 1 : 0;
        int finalAt = lastFinalMarker(answer, lower);
        OptionalDouble finalValue = OptionalDouble.empty();
        String working = answer;
        if (finalAt >= 0) {
            List<Double> after = numbers(answer.substring(finalAt));
            if (!after.isEmpty()) {
                finalValue = OptionalDouble.of(after.getFirst());
            }
            working = answer.substring(0, finalAt);
            String tail = answer.substring(finalAt);
            int lineEnd = tail.indexOf('\n');
            f[12] = lineEnd >= 0 && tail.substring(lineEnd).strip().length() > 20 ? 1 : 0;
        }
        f[2] = finalAt < 0 ? 1 : 0;
        int calculations = 0;
        int wrong = 0;
        Double lastResult = null;
        // The patterns below need "<<" or "=": most answers have neither, and a failed search tries every position.
        boolean annotated = answer.contains("<<");
        for (Matcher m = ANNOTATION.matcher(annotated ? answer : ""); m.find(); ) {
            calculations++;
            OptionalDouble left = Arithmetic.eval(m.group(1));
            OptionalDouble right = Arithmetic.eval(m.group(2));
            if (left.isPresent() && right.isPresent()) {
                lastResult = right.getAsDouble();
                if (!close(left.getAsDouble(), right.getAsDouble())) {
                    wrong++;
                }
            }
        }
        String plain = annotated ? ANNOTATION_MARK.matcher(answer).replaceAll("") : answer;
        for (Matcher m = INLINE.matcher(plain.indexOf('=') >= 0 ? plain : ""); m.find(); ) {
            OptionalDouble left = Arithmetic.eval(m.group(1));
            OptionalDouble right = Arithmetic.eval(m.group(2));
            if (left.isPresent() && right.isPresent()) {
                calculations++;
                if (!close(left.getAsDouble(), right.getAsDouble())) {
                    wrong++;
                }
            }
        }
        f[3] = calculations == 0 ? 1 : 0;
        f[4] = Math.min(3, wrong);
        if (finalValue.isPresent()) {
            double value = finalValue.getAsDouble();
            f[5] = value != Math.rint(value) ? 1 : 0;
            f[6] = lastResult != null && !close(lastResult, value) ? 1 : 0;
            f[7] = numbers(working).stream().noneMatch(n -> close(n, value)) ? 1 : 0;
        }
        Set<Double> given = new HashSet<>(numbers(prompt));
        if (!given.isEmpty()) {
            Set<Double> used = new HashSet<>(numbers(answer));
            Set<Double> percents = new HashSet<>();
            for (Matcher m = PERCENT.matcher(prompt); m.find(); ) {
                percents.add(Double.parseDouble(m.group(1)));
            }
            long unused = given.stream().filter(n -> !used(n, used, percents.contains(n))).count();
            f[8] = unused / (double) given.size();
            f[13] = unused > 0 ? 1 : 0;
            f[14] = Math.min(3, unused);
        }
        f[9] = Math.log1p(answer.length());
        f[10] = Math.log1p(prompt.length());
        f[11] = Math.log1p(answer.chars().filter(c -> c == '\n').count());
        return f;
    }

    /** Whether the lower-cased answer refuses. */
    static boolean refuses(String lower) {
        return containsAny(lower, REFUSAL_WORDS) && REFUSAL.matcher(lower).find();
    }

    /** Whether the lower-cased answer hedges. */
    static boolean hedges(String lower) {
        return containsAny(lower, HEDGE_WORDS) && HEDGE.matcher(lower).find();
    }

    /** Where the answer's last final-answer marker starts, or -1; {@code lower} is the answer lower-cased. */
    static int lastFinalMarker(String answer, String lower) {
        int at = -1;
        if (containsAny(lower, FINAL_WORDS)) {
            for (Matcher m = FINAL.matcher(answer); m.find(); ) {
                at = m.start();
            }
        }
        return at;
    }

    private static boolean containsAny(String text, List<String> words) {
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A percentage counts as used as itself, as a fraction (0.2) or as its complement (0.8, 80). */
    private static boolean used(double number, Set<Double> used, boolean percent) {
        if (used.contains(number)) {
            return true;
        }
        return percent && used.stream().anyMatch(u -> close(u, number / 100) || close(u, 1 - number / 100) || close(u, 100 - number));
    }

    private static boolean close(double a, double b) {
        // Answers round money and percentages to cents: accept that, not more.
        return Math.abs(a - b) <= Math.max(0.011, 1e-6 * Math.abs(b));
    }

    static List<Double> numbers(String text) {
        List<Double> numbers = new ArrayList<>();
        for (Matcher m = NUMBER.matcher(text); m.find(); ) {
            try {
                numbers.add(Double.parseDouble(m.group().replace(",", "")));
            } catch (NumberFormatException ignored) {
                // a lone comma run such as "1,,2" is no number
            }
        }
        return numbers;
    }
}
