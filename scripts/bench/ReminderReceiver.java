import com.sun.net.httpserver.HttpServer;
import id.presensi.push.EcKeys;
import id.presensi.testing.PushReceiver;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The push services' side for scripts/bench/reminders: core's test PushReceiver on the loopback (it checks each push's
 * VAPID JWT and decrypts its payload with the subscription's keys, as a push service and the browser would, and
 * answers 201), with COUNT browser subscriptions made at start and written to SUBSCRIPTIONS_CSV
 * (endpoint,p256dh hex,auth hex) for the bench to store. Prints the relay URL (the server's PRESENSI_PUSH_RELAY) on
 * its first line, then every second "received N protocolErrors M" to STATUS_FILE. With "accept" last it checks
 * nothing and answers 201 to every POST: a real push service's work is not on this machine, and checking every push
 * here costs about as much CPU as the server's sending (the keys are still real, so the server's work is unchanged).
 * Usage: java -cp CLASSPATH scripts/bench/ReminderReceiver.java COUNT SUBSCRIPTIONS_CSV STATUS_FILE [check|accept]
 */
public class ReminderReceiver {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path csv = Path.of(args[1]);
        Path status = Path.of(args[2]);
        boolean check = args.length < 4 || !"accept".equals(args[3]);
        HexFormat hex = HexFormat.of();
        List<String> lines = new ArrayList<>(count);
        PushReceiver receiver = check ? new PushReceiver() : null;
        AtomicInteger accepted = new AtomicInteger();
        String relay;
        if (check) {
            for (int i = 0; i < count; i++) {
                PushReceiver.Browser b = receiver.subscribe("https://fcm.googleapis.com");
                lines.add(b.endpoint() + "," + hex.formatHex(b.p256dh()) + "," + hex.formatHex(b.auth()));
            }
            relay = receiver.relay();
        } else {
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < count; i++) {
                KeyPair keys = EcKeys.generate();
                byte[] auth = new byte[16];
                random.nextBytes(auth);
                lines.add("https://fcm.googleapis.com/fcm/send/bench-" + i + "," + hex.formatHex(EcKeys.raw((ECPublicKey) keys.getPublic()))
                        + "," + hex.formatHex(auth));
            }
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/", ex -> {
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    accepted.incrementAndGet();
                    ex.sendResponseHeaders(201, -1);
                }
            });
            server.start();
            relay = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }
        Files.write(csv, lines);
        System.out.println(relay);
        System.out.flush();
        while (true) {
            Path next = status.resolveSibling(status.getFileName() + ".tmp");
            Files.writeString(next, check ? "received " + receiver.received().size() + " protocolErrors " + receiver.protocolErrors() + "\n"
                    : "received " + accepted.get() + " protocolErrors unchecked\n");
            Files.move(next, status, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(1000);
        }
    }
}
