package dev.llmrouter.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.support.Requests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FeatureClassifierTest {

    private final FeatureClassifier classifier = new FeatureClassifier();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Write a Python function that parses dates|CODE",
            "Translate 'thank you' into German|TRANSLATION",
            "Summarize this article in one sentence|SUMMARIZATION",
            "Extract all names as JSON from the text|EXTRACTION",
            "Classify the sentiment of this tweet|CLASSIFICATION",
            "Solve 3x + 5 = 20|MATH",
            "Write a haiku about snow|CREATIVE",
            "Explain why bridges have expansion joints|REASONING",
            "What is the capital of Peru?|KNOWLEDGE",
            "I had a nice weekend|CHAT"})
    void shouldNameTheTaskCategoryFromItsKeywords(String prompt, TaskCategory expected) {
        assertThat(classifier.classify(Requests.prompt("u", prompt)).getCategory()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Write a limerick about a cat who learned to code.|CREATIVE",
            "Write a Python script that prints a haiku|CODE",
            "Explain how to translate this sentence into German|TRANSLATION",
            "What is 17% of 240? Solve it.|MATH"})
    void shouldNameTheTaskMentionedFirstBeforeWordsThatFrameTheRequest(String prompt, TaskCategory expected) {
        assertThat(classifier.classify(Requests.prompt("u", prompt)).getCategory()).isEqualTo(expected);
    }

    @Test
    void shouldRateGreetingsLowWithAHighCheapTierScore() {
        Classification result = classifier.classify(Requests.prompt("u", "Hello!"));

        assertThat(result.getComplexity()).isEqualTo(Complexity.LOW);
        assertThat(result.getScore()).isGreaterThan(0.9);
    }

    @Test
    void shouldRateLongMultiStepDesignQuestionsHigh() {
        Classification result = classifier.classify(Requests.prompt("u",
                "Design a distributed, concurrent cache in Java. It must tolerate node loss and ensure at most one writer. "
                        + "Derive the consistency model, plan the failure handling step by step and list the edge cases."));

        assertThat(result.getComplexity()).isEqualTo(Complexity.HIGH);
        assertThat(result.getScore()).isLessThan(0.35);
    }

    @Test
    void shouldEstimateInputTokensFromAllBilledText() {
        var request = Requests.prompt("u", "x".repeat(400));
        request.setSystemPrompt("y".repeat(400));

        assertThat(classifier.classify(request).getEstimatedInputTokens()).isEqualTo(200);
    }

    /** The rules' patterns as they were before their needles and first-character look-ahead: the reference for what they match. */
    private static final Map<String, Pattern> PLAIN = new LinkedHashMap<>();

    static {
        PLAIN.put("CODE", plain("```|\\bdef |\\bclass |\\bfunction\\b|\\bcompile|stack ?trace|\\bbug\\b|\\brefactor"
                + "|\\bpython\\b|\\bjava\\b|\\bjavascript\\b|\\btypescript\\b|\\brust\\b|\\bsql\\b|\\bregex|\\bapi\\b|\\bcode\\b|\\bunit test"));
        PLAIN.put("TRANSLATION", plain("\\btranslate|\\btranslation|\\bin (french|german|spanish|italian|japanese|chinese)\\b"));
        PLAIN.put("SUMMARIZATION", plain("\\bsummari[sz]e|\\bsummary\\b|\\btl;?dr\\b|\\bin one sentence\\b"));
        PLAIN.put("EXTRACTION", plain("\\bextract|\\bas json\\b|\\bparse\\b|\\blist all\\b|\\bpull out\\b"));
        PLAIN.put("CLASSIFICATION", plain("\\bclassify|\\bcategori[sz]e|\\bsentiment\\b|\\bwhich category\\b|\\blabel\\b"));
        PLAIN.put("MATH", plain("\\bsolve\\b|\\bcalculate|\\bequation|\\bintegral|\\bderivative|\\bprobability\\b"
                + "|\\bhow many\\b|\\bpercent|\\d+\\s*[-+*/^=]\\s*\\d+|\\bsum of\\b|\\baverage\\b"));
        PLAIN.put("CREATIVE", plain("\\bpoem\\b|\\bstory\\b|\\bhaiku\\b|\\bsong\\b|\\blimerick\\b|\\bslogan\\b|\\bfiction"));
        PLAIN.put("REASONING", plain("\\bwhy\\b|\\bexplain|\\bprove\\b|\\bstep by step\\b|\\bcompare|\\banaly[sz]e"
                + "|\\btrade-?offs?\\b|\\bevaluate\\b|\\bpros and cons\\b|\\bimplications?\\b"));
        PLAIN.put("KNOWLEDGE", plain("\\bwhat is\\b|\\bwhat are\\b|\\bwho (is|was)\\b|\\bwhen (did|was)\\b|\\bdefine\\b|\\bcapital of\\b"));
        PLAIN.put("MULTI_STEP", plain("\\bstep by step\\b|\\bprove\\b|\\bdesign\\b|\\barchitect|\\boptimi[sz]e"
                + "|\\bderive\\b|\\bplan\\b|\\bedge cases?\\b|\\bconcurren|\\bdistributed\\b|\\bformal"));
        PLAIN.put("CONSTRAINTS", plain("\\bmust\\b|\\bwithout\\b|\\bexactly\\b|\\bat most\\b|\\bat least\\b|\\bensure\\b|\\bconstraint"));
        PLAIN.put("SIMPLE", plain("^(hi|hello|hey|thanks|thank you)\\b|\\bone word\\b|\\byes or no\\b"));
    }

    @Test
    void shouldMatchWhereThePatternsWithoutTheShortcutsMatch() {
        // given the patterns in use, by the names of the reference ones
        Map<String, FeatureClassifier.Rule> current = new LinkedHashMap<>();
        FeatureClassifier.CATEGORIES.forEach((category, rule) -> current.put(category.name(), rule));
        current.put("MULTI_STEP", FeatureClassifier.MULTI_STEP);
        current.put("CONSTRAINTS", FeatureClassifier.CONSTRAINTS);
        current.put("SIMPLE", FeatureClassifier.SIMPLE);
        assertThat(current.keySet()).containsExactlyElementsOf(PLAIN.keySet());
        // and every keyword of the rules, cut and joined into near misses, among digits, operators and other characters
        List<String> pieces = new ArrayList<>(List.of("```", "stack trace", "stacktrace", "tl;dr", "tldr", "trade-off", "tradeoffs",
                "3", "42", "+", "=", " * ", "^", "-", " ", " ", "\n", ".", ",", "?", "_", "'", "x", "é", "ß", "İ", "K"));
        for (Pattern pattern : PLAIN.values()) {
            for (String alternative : pattern.pattern().replaceAll("\\\\[bds]|[()?*+^\\[\\]]", "").split("\\|")) {
                pieces.add(alternative);
                pieces.add(alternative.substring(0, alternative.length() / 2));
                pieces.add(alternative.substring(alternative.length() / 2));
            }
        }
        Random random = new Random(5);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            }
            String lower = text.toString().toLowerCase(Locale.ROOT);

            // then each rule finds the same matches at the same places as before, and answers as before
            for (String name : PLAIN.keySet()) {
                FeatureClassifier.Rule rule = current.get(name);
                List<String> before = matches(PLAIN.get(name), lower);
                assertThat(matches(rule.pattern(), lower)).as(name + " in " + lower).isEqualTo(before);
                assertThat(rule.find(lower)).as(name + " found in " + lower).isEqualTo(!before.isEmpty());
                assertThat(rule.count(lower)).as(name + " counted in " + lower).isEqualTo(before.size());
                assertThat(rule.firstAt(lower)).as(name + " first in " + lower).isEqualTo(before.isEmpty() ? -1
                        : Integer.parseInt(before.getFirst().substring(0, before.getFirst().indexOf(':'))));
            }
        }
    }

    private static Pattern plain(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        for (Matcher m = pattern.matcher(text); m.find(); ) {
            found.add(m.start() + ":" + m.group());
        }
        return found;
    }
}
