package dev.llmrouter.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes the RouterBench CSV layout: {@code sample_id, prompt, eval_name}, then per model M the
 * columns {@code M} (quality 0..1), {@code M|model_response} (optional) and {@code M|total_cost}. The
 * model list comes from the header: a model is a column M for which {@code M|total_cost} exists; other
 * columns (an unnamed index, oracle labels) are ignored. Files ending in {@code .gz} are gzip-compressed.
 */
public final class RouterBenchCsv {

    private static final String COST = "|total_cost";
    private static final String RESPONSE = "|model_response";

    private RouterBenchCsv() {
    }

    /** Thrown for a file that is not in the layout; the message names the file, the line and the problem. */
    public static final class InvalidCsvException extends RuntimeException {
        public InvalidCsvException(String message) {
            super(message);
        }
    }

    public static RecordedSet read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in, file.toString());
        }
    }

    public static RecordedSet read(InputStream in, String source) throws IOException {
        CsvReader csv = new CsvReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
        List<String> header = csv.next();
        if (header == null) {
            throw new InvalidCsvException(source + ": empty file");
        }
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            column.putIfAbsent(header.get(i).strip(), i);
        }
        for (String required : List.of("prompt")) {
            if (!column.containsKey(required)) {
                throw new InvalidCsvException(source + ":1: no '" + required + "' column; the RouterBench layout has sample_id, prompt, eval_name");
            }
        }
        List<String> models = new ArrayList<>();
        for (String name : header) {
            String key = name.strip();
            if (key.endsWith(COST) && column.containsKey(key.substring(0, key.length() - COST.length()))) {
                models.add(key.substring(0, key.length() - COST.length()));
            }
        }
        if (models.isEmpty()) {
            throw new InvalidCsvException(source + ":1: no model columns; a model is a column M with a column M|total_cost");
        }
        int idColumn = column.getOrDefault("sample_id", -1);
        int evalColumn = column.getOrDefault("eval_name", -1);
        List<RecordedPrompt> prompts = new ArrayList<>();
        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            if (row.size() == 1 && row.getFirst().isEmpty()) {
                continue;
            }
            int line = csv.recordStartLine();
            double[] quality = new double[models.size()];
            double[] cost = new double[models.size()];
            String[] responses = new String[models.size()];
            for (int m = 0; m < models.size(); m++) {
                String model = models.get(m);
                quality[m] = number(row, column.get(model), source, line, model);
                cost[m] = number(row, column.get(model + COST), source, line, model + COST);
                Integer responseColumn = column.get(model + RESPONSE);
                responses[m] = responseColumn == null || responseColumn >= row.size() ? null : row.get(responseColumn);
            }
            String id = idColumn >= 0 && idColumn < row.size() ? row.get(idColumn) : "row-" + (prompts.size() + 1);
            String eval = evalColumn >= 0 && evalColumn < row.size() ? row.get(evalColumn) : "";
            prompts.add(new RecordedPrompt(id, cell(row, column.get("prompt")), eval, quality, responses, cost));
        }
        return new RecordedSet(models, prompts);
    }

    /** Writes a set in the layout, gzip-compressed when the name ends in {@code .gz}. */
    public static void write(RecordedSet set, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             Writer writer = new BufferedWriter(new OutputStreamWriter(file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out,
                     StandardCharsets.UTF_8))) {
            List<String> header = new ArrayList<>(List.of("sample_id", "prompt", "eval_name"));
            for (String model : set.models()) {
                header.addAll(List.of(model, model + RESPONSE, model + COST));
            }
            writeRow(writer, header);
            for (RecordedPrompt prompt : set.prompts()) {
                List<String> row = new ArrayList<>(List.of(prompt.id(), prompt.prompt(), prompt.evalName()));
                for (int m = 0; m < set.models().size(); m++) {
                    row.add(Double.toString(prompt.quality()[m]));
                    row.add(prompt.responses()[m] == null ? "" : prompt.responses()[m]);
                    row.add(Double.toString(prompt.costUsd()[m]));
                }
                writeRow(writer, row);
            }
        }
    }

    private static void writeRow(Writer writer, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                writer.write('"');
                writer.write(cell.replace("\"", "\"\""));
                writer.write('"');
            } else {
                writer.write(cell);
            }
        }
        writer.write('\n');
    }

    private static String cell(List<String> row, int index) {
        return index < row.size() ? row.get(index) : "";
    }

    private static double number(List<String> row, int index, String source, int line, String columnName) {
        String text = cell(row, index).strip();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidCsvException(source + ":" + line + ": column '" + columnName + "' is '" + text + "'; allowed: a number");
        }
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    private static final class CsvReader {
        private final Reader in;
        private int line = 1;
        private int recordStart = 1;
        private int peeked = -2;

        CsvReader(Reader in) {
            this.in = in;
        }

        int recordStartLine() {
            return recordStart;
        }

        List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            recordStart = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new InvalidCsvException("line " + recordStart + ": quoted field never closed");
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            c = after;
                            continue;
                        }
                    } else {
                        cell.append((char) c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == -1) {
                    cells.add(cell.toString());
                    return cells;
                } else if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        peeked = after;
                    }
                    cells.add(cell.toString());
                    return cells;
                } else {
                    cell.append((char) c);
                }
                c = read();
            }
        }

        private int read() throws IOException {
            int c;
            if (peeked != -2) {
                c = peeked;
                peeked = -2;
            } else {
                c = in.read();
            }
            if (c == '\n') {
                line++;
            }
            return c;
        }
    }
}
