// Runs an OpenSearch-style analysis chain through Lucene's own classes (Nori, stop, snowball,
// synonym graph) and prints the tokens of each input line. Used by artindex's tests and
// scripts/eval_nori.py to check the analysis written into an exported index.json offline.
//
//   javac -cp LUCENE_JARS -d OUT NoriHarness.java
//   java -cp LUCENE_JARS:OUT NoriHarness SPEC < texts > tokens
//
// SPEC has one step per line, tab-separated: "tokenizer korean key=value...", then
// "filter NAME key=value..." (NAME: lowercase, koreanPartOfSpeechStop, stop, snowballPorter) or
// "synonyms FILE expand=true|false lenient=true|false". Synonym rules are parsed with the chain
// in front of them, as OpenSearch does, and a lenient parse skips rules that fail.
// Output: one line per input line; tokens separated by TAB, each "term^Astart^Aend^AposInc^AposLen".

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.core.StopFilterFactory;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilterFactory;
import org.apache.lucene.analysis.ko.KoreanTokenizerFactory;
import org.apache.lucene.analysis.snowball.SnowballPorterFilterFactory;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.util.FilesystemResourceLoader;
import org.apache.lucene.analysis.util.ResourceLoader;
import org.apache.lucene.analysis.util.ResourceLoaderAware;
import org.apache.lucene.analysis.util.TokenFilterFactory;

public class NoriHarness {
    /** A tokenizer factory and the filters after it (factories or built synonym maps). */
    static final class Chain extends Analyzer {
        final KoreanTokenizerFactory tokenizer;
        final List<Object> steps;

        Chain(KoreanTokenizerFactory tokenizer, List<Object> steps) {
            this.tokenizer = tokenizer;
            this.steps = new ArrayList<>(steps);
        }

        @Override
        protected TokenStreamComponents createComponents(String field) {
            Tokenizer source = tokenizer.create();
            TokenStream stream = source;
            for (Object step : steps) {
                if (step instanceof SynonymMap) {
                    stream = new SynonymGraphFilter(stream, (SynonymMap) step, false);
                } else {
                    stream = ((TokenFilterFactory) step).create(stream);
                }
            }
            return new TokenStreamComponents(source, stream);
        }
    }

    static Map<String, String> args(String[] parts, int from) {
        Map<String, String> args = new HashMap<>();
        for (int i = from; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            args.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return args;
    }

    static TokenFilterFactory filter(String name, Map<String, String> args) {
        switch (name) {
            case "lowercase": return new LowerCaseFilterFactory(args);
            case "koreanPartOfSpeechStop": return new KoreanPartOfSpeechStopFilterFactory(args);
            case "stop": return new StopFilterFactory(args);
            case "snowballPorter": return new SnowballPorterFilterFactory(args);
            default: throw new IllegalArgumentException("unknown filter " + name);
        }
    }

    static SynonymMap synonyms(Chain before, Path file, Map<String, String> args) throws Exception {
        boolean expand = Boolean.parseBoolean(args.getOrDefault("expand", "true"));
        boolean lenient = Boolean.parseBoolean(args.getOrDefault("lenient", "false"));
        SolrSynonymParser parser = new SolrSynonymParser(true, expand, before);
        for (String rule : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                parser.parse(new StringReader(rule));
            } catch (Exception e) {
                if (!lenient) throw e;
                System.err.println("NoriHarness: skipped synonym rule " + rule + ": " + e.getMessage());
            }
        }
        return parser.build();
    }

    static Chain load(Path spec) throws Exception {
        ResourceLoader loader = new FilesystemResourceLoader(
            spec.toAbsolutePath().getParent(), NoriHarness.class.getClassLoader());
        KoreanTokenizerFactory tokenizer = null;
        List<Object> steps = new ArrayList<>();
        for (String line : Files.readAllLines(spec, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t");
            if (parts[0].equals("tokenizer")) {
                tokenizer = new KoreanTokenizerFactory(args(parts, 2));
                tokenizer.inform(loader);
            } else if (parts[0].equals("filter")) {
                TokenFilterFactory factory = filter(parts[1], args(parts, 2));
                if (factory instanceof ResourceLoaderAware) ((ResourceLoaderAware) factory).inform(loader);
                steps.add(factory);
            } else if (parts[0].equals("synonyms")) {
                steps.add(synonyms(new Chain(tokenizer, steps), Paths.get(parts[1]), args(parts, 2)));
            } else {
                throw new IllegalArgumentException("unknown step " + parts[0]);
            }
        }
        return new Chain(tokenizer, steps);
    }

    public static void main(String[] argv) throws Exception {
        Chain chain = load(Paths.get(argv[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder();
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line.setLength(0);
            try (TokenStream ts = chain.tokenStream("body", text)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
                PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
                PositionLengthAttribute len = ts.addAttribute(PositionLengthAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    if (line.length() > 0) line.append('\t');
                    line.append(term).append('\u0001').append(offset.startOffset())
                        .append('\u0001').append(offset.endOffset())
                        .append('\u0001').append(inc.getPositionIncrement())
                        .append('\u0001').append(len.getPositionLength());
                }
                ts.end();
            }
            out.println(line);
        }
        out.flush();
    }
}
