package id.presensi.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import id.presensi.db.Database;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseBusyTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void the_pools_time_out_is_known_through_jdbis_wrapping_and_nothing_else_is() {
        var timedOut = new SQLTransientConnectionException("presensi-pool - Connection is not available, request timed out after 5000ms.");
        assertThat(DatabaseBusy.is(new ConnectionException(timedOut))).isTrue();
        assertThat(DatabaseBusy.is(new IllegalStateException("wrapped", new ConnectionException(timedOut)))).isTrue();
        assertThat(DatabaseBusy.is(new ConnectionException(new SQLException("password authentication failed")))).isFalse();
        assertThat(DatabaseBusy.is(new NullPointerException())).isFalse();
    }

    @Test
    void a_flood_of_time_outs_writes_one_line_every_ten_seconds() {
        long start = 1_000 * SECOND;
        DatabaseBusy busy = new DatabaseBusy(start);
        int written = 0;
        // 1,000 failures a second for 25 seconds
        for (long t = start; t < start + 25 * SECOND; t += SECOND / 1_000) {
            if (busy.note(NOPLogger.NOP_LOGGER, "POST", "/api/v1/checkins", t)) {
                written++;
            }
        }
        assertThat(written).isEqualTo(3); // at 0 s, 10 s and 20 s
    }

    @Test
    void with_every_connection_taken_phones_get_a_503_and_the_log_one_line_not_a_trace_each() throws Exception {
        TestDatabase db = TestDatabase.get();
        db.reset();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger server = (Logger) LoggerFactory.getLogger(CheckInServer.class);
        log.start();
        server.addAppender(log);
        HttpClient http = HttpClient.newHttpClient();
        try (Database one = Database.open(db.settings(), 1, Duration.ofMillis(250));
             CheckInServer service = CheckInServer.start(one, ServerSettings.defaults("127.0.0.1", 0))) {
            try (Handle taken = one.jdbi().open()) {
                taken.execute("SELECT 1");
                for (int i = 0; i < 5; i++) {
                    // an unknown token is looked up in the database, which has no connection to give
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/v1/checkins"))
                            .header("Authorization", "Bearer unknown-token-" + i).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).isEqualTo(503);
                    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                    assertThat(answer.body()).contains("\"error\":\"UNAVAILABLE\"").doesNotContain("Exception");
                }
            }
        } finally {
            server.detachAppender(log);
        }
        assertThat(log.list).noneMatch(e -> e.getThrowableProxy() != null);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("no database connection free"))
                .hasSize(1);
    }
}
