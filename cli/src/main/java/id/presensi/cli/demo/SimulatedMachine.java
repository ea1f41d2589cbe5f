package id.presensi.cli.demo;

import id.presensi.db.Database;
import id.presensi.server.CheckInServer;
import id.presensi.server.ServerSettings;
import id.presensi.store.CheckInStore;
import id.presensi.unit.TimeZones;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fingerprint machine on a hospital wall, as the demo drives it: it speaks the ZKTeco push protocol (ADMS) to
 * the check-in service over HTTP: the handshake, then its morning's punches, then the same punches again, as a
 * machine does when it did not hear the answer.
 */
final class SimulatedMachine {
    /** Machines always write the seconds, also :00 (LocalTime.toString would leave them out). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final HttpClient http = SimulatedPhone.client();
    private final String base;
    private final String serial;

    private SimulatedMachine(String base, String serial) {
        this.base = base;
        this.serial = serial;
    }

    static void morning(Database database, String serial, LocalDate day, int enrolled, PrintWriter out) throws Exception {
        DemoClock clock = new DemoClock(day.atTime(7, 30).atZone(TimeZones.DEFAULT).toInstant());
        try (CheckInServer server = CheckInServer.start(database, ServerSettings.defaults("127.0.0.1", 0).withClock(clock))) {
            SimulatedMachine machine = new SimulatedMachine("http://127.0.0.1:" + server.port(), serial);
            HttpResponse<String> hello = machine.handshake();
            for (int i = 0; i < 50 && hello.statusCode() != 200; i++) {
                Thread.sleep(100); // the service reads registered machines once a second
                hello = machine.handshake();
            }
            out.printf("   handshake: %d, options: %s%n", hello.statusCode(), hello.body().strip().replace("\n", " | "));
            List<String> lines = punches(day, enrolled);
            CheckInStore checkins = new CheckInStore(database.jdbi());
            Instant before = Instant.now();
            HttpResponse<String> first = machine.push(lines);
            long stored = checkins.receivedSince(before).total();
            HttpResponse<String> again = machine.push(lines);
            out.printf("   pushed %d lines (one under PIN 999, which nobody has): %d %s; %d punches stored%n", lines.size(),
                    first.statusCode(), first.body(), stored);
            out.printf("   pushed the same lines again: %d %s; stored now %d (nothing twice)%n", again.statusCode(), again.body(),
                    checkins.receivedSince(before).total());
        }
    }

    /** Each enrolled PIN punches once between 06:45 and 07:15; the rules decide whose shift it ends or begins. */
    private static List<String> punches(LocalDate day, int enrolled) {
        Random random = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int pin = 1; pin <= enrolled; pin++) {
            LocalTime at = LocalTime.of(6, 45).plusSeconds(random.nextInt(30 * 60));
            lines.add(pin + "\t" + day + " " + TIME.format(at) + "\t0\t1\t0\t0\t0");
        }
        lines.add("999\t" + day + " 07:01:00\t0\t1\t0\t0\t0");
        return lines;
    }

    private HttpResponse<String> handshake() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/iclock/cdata?SN=" + serial + "&options=all&pushver=2.4.1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> push(List<String> lines) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/iclock/cdata?SN=" + serial + "&table=ATTLOG&Stamp=9999"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
