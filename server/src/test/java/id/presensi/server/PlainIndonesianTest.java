package id.presensi.server;

import id.presensi.text.StaffText;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every text the check-in page, the phone API and the recap can show, read for English: the catalogue of staff texts,
 * the page's words, and every string written in the classes that make the API's answers, the day's explanation and
 * the recap. A word from the list means a sentence staff or a head of unit would read half in English.
 */
class PlainIndonesianTest {
    /** English that has crept into staff texts before ("no hours on SABTU", "L (day off)", "3 % per day", ...). */
    private static final Pattern ENGLISH = Pattern.compile("(?i)\\b(schedule|day off|days off|per day|taken from|a week|week|"
            + "is required|are required|must be|no hours|roster|holiday|leave|late|early|absent|not allowed|not found|"
            + "too large|too many|unknown|invalid|malformed|unreadable|between|opens at|closed at|expected|the|and|of|with|"
            + "please|try again|cannot|should|employee|request|check-in|check-out|employment ended|stopped working)\\b");

    private static final Path SERVER = Path.of("src", "main");
    private static final Path CORE = Path.of("..", "core", "src", "main", "java", "id", "presensi");
    /** Where the API's answers, the day's explanation and the recap's words are written. */
    private static final List<Path> STAFF_SOURCES = List.of(
            SERVER.resolve("java/id/presensi/server/CheckInServer.java"),
            SERVER.resolve("java/id/presensi/server/RequestEndpoints.java"),
            SERVER.resolve("java/id/presensi/server/HistoryEndpoint.java"),
            SERVER.resolve("java/id/presensi/server/Json.java"),
            SERVER.resolve("java/id/presensi/server/Photos.java"),
            CORE.resolve("text/StaffText.java"),
            CORE.resolve("checkin/CheckInRule.java"),
            CORE.resolve("request/RequestPolicy.java"),
            CORE.resolve("request/RequestKind.java"),
            CORE.resolve("rules/LeaveType.java"),
            CORE.resolve("attendance/AttendanceRule.java"),
            CORE.resolve("attendance/StatusCode.java"),
            CORE.resolve("rules/RuleResolver.java"),
            CORE.resolve("report/MonthlyRecapWorkbook.java"),
            CORE.resolve("report/RecapColumns.java"));
    /**
     * Strings that never reach a reader: log lines, a programmer's exceptions (the API answers those with its own
     * Indonesian 503), annotations, and the code's identifiers (headers, routes, content types, formats).
     */
    private static final Pattern NOT_SHOWN = Pattern.compile("log\\.(error|warn|info|debug)|Illegal(State|Argument)Exception\\(|"
            + "NullPointerException|@|Logger|Pattern\\.compile|ofPattern|header\\(|contentType|routes\\.|Gauge\\.builder|Timer\\.builder|tag\\(");
    private static final Pattern JAVA_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern JS_STRING = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");

    @Test
    void the_catalogue_of_staff_texts_is_indonesian() {
        List<String> english = new ArrayList<>();
        for (StaffText text : StaffText.values()) {
            check(text.name(), text.pattern(), english);
        }
        assertThat(english).isEmpty();
    }

    @Test
    void what_the_page_shows_is_indonesian() throws IOException {
        List<String> english = new ArrayList<>();
        String html = Files.readString(SERVER.resolve("resources/public/index.html"));
        // the words between tags, and the placeholders and labels a reader sees
        for (String text : html.replaceAll("(?s)<script.*?</script>|<style.*?</style>", " ").split("<[^>]*>")) {
            check("index.html", text, english);
        }
        Matcher seen = Pattern.compile("(?:placeholder|aria-label|title|alt)=\"([^\"]*)\"").matcher(html);
        while (seen.find()) {
            check("index.html", seen.group(1), english);
        }
        for (String line : Files.readAllLines(SERVER.resolve("resources/public/app.js"))) {
            Matcher s = JS_STRING.matcher(line.replaceAll("/\\*.*?\\*/|//.*$", ""));
            while (s.find()) {
                if (s.group(1).contains(" ")) { // a sentence, not a key, an id or a route
                    check("app.js", s.group(1), english);
                }
            }
        }
        assertThat(english).isEmpty();
    }

    @Test
    void what_the_api_and_the_recap_can_say_is_indonesian() throws IOException {
        List<String> english = new ArrayList<>();
        for (Path source : STAFF_SOURCES) {
            boolean inComment = false;
            for (String line : Files.readAllLines(source)) {
                String code = line.strip();
                if (code.startsWith("/*")) {
                    inComment = true;
                }
                boolean comment = inComment || code.startsWith("//") || code.startsWith("*");
                if (code.contains("*/")) {
                    inComment = false;
                }
                if (comment || NOT_SHOWN.matcher(code).find()) {
                    continue;
                }
                Matcher s = JAVA_STRING.matcher(code.replaceAll("//.*$", ""));
                while (s.find()) {
                    if (s.group(1).contains(" ")) { // a sentence, not a JSON key or a code
                        check(source.getFileName().toString(), s.group(1), english);
                    }
                }
            }
        }
        assertThat(english).isEmpty();
    }

    private static void check(String where, String text, List<String> english) {
        // a command to type ("presensi policy schedule add") is the CLI's own English, shown as it must be typed
        Matcher m = ENGLISH.matcher(text.replaceAll("presensi( [a-z-]+)+", ""));
        if (m.find()) {
            english.add(where + ": \"" + text.strip() + "\" (" + m.group() + ")");
        }
    }
}
