package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuoteTest {

    /** What the answer used to quote, with a regular expression compiled per request. */
    private static String byRegex(String question, int max) {
        String collapsed = question.replaceAll("\\s+", " ").strip();
        return collapsed.substring(0, Math.min(max, collapsed.length()));
    }

    @Test
    void shouldCollapseWhitespaceAndStripEndsLikeTheRegularExpression() {
        // given questions with runs of whitespace of every kind, at the ends and around the cut
        List<String> questions = List.of("", "   ", "hi", "  What is\n\n the\tcapital   of France?  ",
                "a".repeat(59) + "   b", "a".repeat(59) + " \u2003", "a".repeat(60) + "   ", "\u2003 lead and trail \u2003",
                "x\u000B\fy\r\nz", "a\u2003 b", "word ".repeat(40), "\u001Cstart", "a".repeat(59) + "\u2003\u2003b");

        // when they are quoted
        // then the quote is what the regular expression made of them
        questions.forEach(q -> assertThat(Simulation.quote(q, 60)).as("quote of \"%s\"", q).isEqualTo(byRegex(q, 60)));
    }

    @Test
    void shouldQuoteRandomTextLikeTheRegularExpression() {
        // given random text drawn from letters and every kind of whitespace
        char[] alphabet = "ab \t\n\u000B\f\r\u2003\u001C".toCharArray();
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            char[] text = new char[random.nextInt(80)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String question = new String(text);
            int max = 1 + random.nextInt(70);

            // when it is quoted
            // then the quote is what the regular expression made of it
            assertThat(Simulation.quote(question, max)).as("quote of \"%s\" to %d", question, max)
                    .isEqualTo(byRegex(question, max));
        }
    }
}
