package dev.llmrouter.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * The features the trained classifier reads from a prompt: lower-cased words of two or more letters or
 * digits (a bag of words, so the vocabulary of a subject names it), plus a few shape tokens that words
 * miss: the prompt's length bucket, whether it carries numbers, lettered answer options, code fences.
 */
public final class TextFeatures {

    private TextFeatures() {
    }

    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>(text.length() / 5 + 4);
        StringBuilder word = new StringBuilder();
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
                if (Character.isDigit(c)) {
                    digits++;
                }
            } else if (!word.isEmpty()) {
                if (word.length() >= 2) {
                    // Numbers name no subject; their count and size do, through one token per digit count.
                    tokens.add(isNumber(word) ? "#num" + Math.min(word.length(), 5) : word.toString());
                }
                word.setLength(0);
            }
        }
        tokens.add("#len" + lengthBucket(text.length()));
        if (digits > 0) {
            tokens.add("#digits");
        }
        if (text.contains("\nA.") && text.contains("\nB.")) {
            tokens.add("#options");
        }
        if (text.contains("```")) {
            tokens.add("#code");
        }
        return tokens;
    }

    private static boolean isNumber(CharSequence word) {
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** 0 for up to 64 characters, then one bucket per doubling, at most 8. */
    static int lengthBucket(int chars) {
        int bucket = 0;
        for (int limit = 64; chars > limit && bucket < 8; limit *= 2) {
            bucket++;
        }
        return bucket;
    }
}
