package dev.llmrouter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first command: the whole demo on its embedded stack, and what it shows a newcomer. */
class DemoIT {

    @Test
    void shouldRouteTheSamplePromptsOverEveryTierAndAnswerThemAll() throws Exception {
        // given the demo writing into a buffer, on a free dashboard port
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        // when it runs
        int status = new Demo(out, 0, false).run();

        // then every request is answered, and the routing shows each tier, a budget downgrade and a refusal
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        assertThat(printed).contains("nothing lost");
        for (String tier : new String[] {"economy", "standard", "premium"}) {
            assertThat(Pattern.compile(" OK +[a-z]+/[a-z]+ +" + tier + " ").matcher(printed).find()).as(tier + " in\n" + printed).isTrue();
        }
        assertThat(printed).contains("budget downgrade: user ivy").contains("REFUSED").contains("routing saved");
        assertThat(Pattern.compile(" OK +low/chat +economy ").matcher(printed).find()).as("a greeting on economy").isTrue();
    }
}
