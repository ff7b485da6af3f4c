package dev.llmrouter.quality;

import java.util.OptionalDouble;

/**
 * Evaluates the arithmetic an answer shows ({@code 3 + 4 * (2 - 1)}, {@code 12 / 5}, {@code 2^3},
 * {@code 1,200 x 3}) so the scorer can check the answer's own calculations. Empty for anything else.
 */
final class Arithmetic {

    private final String text;
    private int pos;

    private Arithmetic(String text) {
        this.text = text;
    }

    static OptionalDouble eval(String expression) {
        String cleaned = expression.replace(",", "").replace("$", "").replace("×", "*").replace("÷", "/").strip();
        if (cleaned.isEmpty() || cleaned.length() > 200) {
            return OptionalDouble.empty();
        }
        Arithmetic parser = new Arithmetic(cleaned);
        try {
            double value = parser.sum();
            parser.skipSpaces();
            return parser.pos == cleaned.length() && Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (IllegalArgumentException e) {
            return OptionalDouble.empty();
        }
    }

    private double sum() {
        double value = product();
        while (true) {
            skipSpaces();
            if (eat('+')) {
                value += product();
            } else if (eat('-')) {
                value -= product();
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = power();
        while (true) {
            skipSpaces();
            if (eat('*') || eat('x') || eat('X')) {
                value *= power();
            } else if (eat('/')) {
                double divisor = power();
                if (divisor == 0) {
                    throw new IllegalArgumentException("division by zero");
                }
                value /= divisor;
            } else {
                return value;
            }
        }
    }

    private double power() {
        double base = unary();
        skipSpaces();
        if (eat('^')) {
            return Math.pow(base, power());
        }
        return base;
    }

    private double unary() {
        skipSpaces();
        if (eat('-')) {
            return -unary();
        }
        if (eat('(')) {
            double value = sum();
            skipSpaces();
            if (!eat(')')) {
                throw new IllegalArgumentException("unbalanced");
            }
            return percent(value);
        }
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("number expected at " + pos);
        }
        return percent(Double.parseDouble(text.substring(start, pos)));
    }

    private double percent(double value) {
        skipSpaces();
        return eat('%') ? value / 100 : value;
    }

    private boolean eat(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }
}
