package dev.llmrouter.classify;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.TaskCategory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transparent classifier from hand-picked features of the last user message: keyword families
 * decide the task category; length, category, multi-step and constraint markers add up to a
 * complexity score in 0..1. Every rule is visible here, so a surprising tag can be explained.
 *
 * <p>The classification score is {@code 1 - complexity}: a heuristic stand-in for the probability
 * that a cheaper tier answers as well as the premium one.
 */
public final class FeatureClassifier implements PromptClassifier {

    public static final String VERSION = "features-v1";

    static final double MEDIUM_FROM = 0.35;
    static final double HIGH_FROM = 0.65;

    /**
     * The keyword families. Among the task families (all but the two general ones) the one mentioned first in the
     * prompt names the category, the earlier family on a tie: "a limerick about a cat who learned to code" is
     * creative, "a Python script that prints a haiku" is code. The general families (reasoning, then
     * knowledge) name it only when no task family matches, since their words ("explain", "what is") frame
     * almost any request.
     */
    static final Map<TaskCategory, Rule> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put(TaskCategory.CODE, rule("```,def ,class ,function,compile,trace,bug,refactor,python,java,typescript,rust,sql,regex,api,code,unit test", "`abcdfjprstu", "```|\\bdef |\\bclass |\\bfunction\\b|\\bcompile|stack ?trace|\\bbug\\b|\\brefactor"
                + "|\\bpython\\b|\\bjava\\b|\\bjavascript\\b|\\btypescript\\b|\\brust\\b|\\bsql\\b|\\bregex|\\bapi\\b|\\bcode\\b|\\bunit test"));
        CATEGORIES.put(TaskCategory.TRANSLATION, rule("translat,french,german,spanish,italian,japanese,chinese", "ti", "\\btranslate|\\btranslation|\\bin (french|german|spanish|italian|japanese|chinese)\\b"));
        CATEGORIES.put(TaskCategory.SUMMARIZATION, rule("summar,tldr,tl;dr,in one sentence", "sti", "\\bsummari[sz]e|\\bsummary\\b|\\btl;?dr\\b|\\bin one sentence\\b"));
        CATEGORIES.put(TaskCategory.EXTRACTION, rule("extract,as json,parse,list all,pull out", "eapl", "\\bextract|\\bas json\\b|\\bparse\\b|\\blist all\\b|\\bpull out\\b"));
        CATEGORIES.put(TaskCategory.CLASSIFICATION, rule("classify,categori,sentiment,which category,label", "cswl", "\\bclassify|\\bcategori[sz]e|\\bsentiment\\b|\\bwhich category\\b|\\blabel\\b"));
        CATEGORIES.put(TaskCategory.MATH, rule("solve,calculate,equation,integral,derivative,probability,how many,percent,sum of,average,0,1,2,3,4,5,6,7,8,9", "acdehips0-9", "\\bsolve\\b|\\bcalculate|\\bequation|\\bintegral|\\bderivative|\\bprobability\\b"
                + "|\\bhow many\\b|\\bpercent|\\d+\\s*[-+*/^=]\\s*\\d+|\\bsum of\\b|\\baverage\\b"));
        CATEGORIES.put(TaskCategory.CREATIVE, rule("poem,story,haiku,song,limerick,slogan,fiction", "pshlf", "\\bpoem\\b|\\bstory\\b|\\bhaiku\\b|\\bsong\\b|\\blimerick\\b|\\bslogan\\b|\\bfiction"));
        CATEGORIES.put(TaskCategory.REASONING, rule("why,explain,prove,step by step,compare,analy,trade,evaluate,pros and cons,implication", "wepscati", "\\bwhy\\b|\\bexplain|\\bprove\\b|\\bstep by step\\b|\\bcompare|\\banaly[sz]e"
                + "|\\btrade-?offs?\\b|\\bevaluate\\b|\\bpros and cons\\b|\\bimplications?\\b"));
        CATEGORIES.put(TaskCategory.KNOWLEDGE, rule("what is,what are,who is,who was,when did,when was,define,capital of", "wdc", "\\bwhat is\\b|\\bwhat are\\b|\\bwho (is|was)\\b|\\bwhen (did|was)\\b|\\bdefine\\b|\\bcapital of\\b"));
    }

    /** The families that frame a request rather than name its task, in the order they are tried. */
    private static final List<TaskCategory> GENERAL = List.of(TaskCategory.REASONING, TaskCategory.KNOWLEDGE);

    static final Rule MULTI_STEP = rule("step by step,prove,design,architect,optimi,derive,plan,edge case,concurren,distributed,formal", "spdaoecf", "\\bstep by step\\b|\\bprove\\b|\\bdesign\\b|\\barchitect|\\boptimi[sz]e"
            + "|\\bderive\\b|\\bplan\\b|\\bedge cases?\\b|\\bconcurren|\\bdistributed\\b|\\bformal");
    static final Rule CONSTRAINTS = rule("must,without,exactly,at most,at least,ensure,constraint", "mweac", "\\bmust\\b|\\bwithout\\b|\\bexactly\\b|\\bat most\\b|\\bat least\\b|\\bensure\\b|\\bconstraint");
    static final Rule SIMPLE = rule("hi,hello,hey,thank,one word,yes or no", "htoy", "^(hi|hello|hey|thanks|thank you)\\b|\\bone word\\b|\\byes or no\\b");

    private static final Map<TaskCategory, Double> CATEGORY_WEIGHT = Map.of(
            TaskCategory.CODE, 0.30, TaskCategory.MATH, 0.30, TaskCategory.REASONING, 0.25,
            TaskCategory.CREATIVE, 0.10, TaskCategory.TRANSLATION, 0.10, TaskCategory.SUMMARIZATION, 0.10,
            TaskCategory.EXTRACTION, 0.10, TaskCategory.CLASSIFICATION, 0.05, TaskCategory.KNOWLEDGE, 0.05,
            TaskCategory.CHAT, 0.0);

    @Override
    public Classification classify(PromptRequest request) {
        String text = PromptText.lastUserMessage(request);
        String lower = text.toLowerCase(Locale.ROOT);
        TaskCategory category = category(lower);
        double score = complexity(lower, text.length(), category);
        return Classification.newBuilder()
                .setCategory(category)
                .setComplexity(score >= HIGH_FROM ? Complexity.HIGH : score >= MEDIUM_FROM ? Complexity.MEDIUM : Complexity.LOW)
                .setScore(round(1.0 - score))
                .setEstimatedInputTokens(PromptText.estimateTokens(PromptText.inputChars(request)))
                .setClassifierVersion(VERSION)
                .build();
    }

    @Override
    public String version() {
        return VERSION;
    }

    static TaskCategory category(String lower) {
        TaskCategory first = null;
        int firstAt = Integer.MAX_VALUE;
        for (Map.Entry<TaskCategory, Rule> family : CATEGORIES.entrySet()) {
            if (GENERAL.contains(family.getKey())) {
                continue;
            }
            int at = family.getValue().firstAt(lower);
            if (at >= 0 && at < firstAt) {
                first = family.getKey();
                firstAt = at;
            }
        }
        if (first != null) {
            return first;
        }
        for (TaskCategory general : GENERAL) {
            if (CATEGORIES.get(general).find(lower)) {
                return general;
            }
        }
        return TaskCategory.CHAT;
    }

    private static double complexity(String lower, int chars, TaskCategory category) {
        if (SIMPLE.find(lower) && chars < 80) {
            return 0.05;
        }
        double score = 0.10;
        // Longer prompts carry more context to get right; the effect flattens past ~2,000 characters.
        score += Math.min(0.25, chars / 8000.0);
        score += CATEGORY_WEIGHT.getOrDefault(category, 0.0);
        score += Math.min(0.30, 0.15 * MULTI_STEP.count(lower));
        score += Math.min(0.10, 0.05 * CONSTRAINTS.count(lower));
        long questions = lower.chars().filter(c -> c == '?').count();
        score += Math.min(0.10, 0.05 * Math.max(0, questions - 1));
        return Math.min(1.0, score);
    }

    /**
     * A keyword rule over the lower-cased prompt. A regular expression scan costs tens of nanoseconds per
     * character even when nothing matches (all twelve rules took 120 µs for a 230-character word problem,
     * thirty times the topic model), so a rule first checks for the literal pieces that every match
     * contains ({@link String#contains} is a vectorised scan), and its pattern looks ahead for the characters
     * its alternatives start with.
     *
     * @param needles a match of the pattern contains at least one of these
     */
    record Rule(String[] needles, Pattern pattern) {

        boolean find(String lower) {
            return mayMatch(lower) && pattern.matcher(lower).find();
        }

        /** Where the first match starts, or -1. */
        int firstAt(String lower) {
            if (!mayMatch(lower)) {
                return -1;
            }
            Matcher matcher = pattern.matcher(lower);
            return matcher.find() ? matcher.start() : -1;
        }

        int count(String lower) {
            return mayMatch(lower) ? (int) pattern.matcher(lower).results().count() : 0;
        }

        private boolean mayMatch(String lower) {
            for (String needle : needles) {
                if (lower.contains(needle)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Rule rule(String needles, String firstChars, String regex) {
        return new Rule(needles.split(","), Pattern.compile("(?=[" + firstChars + "])(?:" + regex + ")"));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
