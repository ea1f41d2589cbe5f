package id.presensi.server;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the service sends reminders, from the environment: PRESENSI_PUSH_CONTACT (the VAPID contact push services may
 * write to about abuse: mailto: or https:), PRESENSI_PUSH_HOSTS (hosts added to the known push services, for the
 * units' webhooks, comma-separated, "*.example.id" allowed), PRESENSI_REMINDERS=off (this server neither scans nor
 * sends; another does) and PRESENSI_PUSH_RELAY (benchmarks and tests only: every request goes to this http URL, a
 * local receiver standing in for the push services, instead of the endpoint's host; logged at start).
 */
record PushSettings(String contact, List<String> extraHosts, boolean enabled, Optional<URI> relay) {

    static final String DEFAULT_CONTACT = "mailto:presensi@localhost";

    /** The environment, each variable overridden by a Java system property of the same name (-DPRESENSI_REMINDERS=off). */
    static PushSettings fromEnvironment() {
        Map<String, String> merged = new java.util.HashMap<>(System.getenv());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("PRESENSI_"))
                .forEach(k -> merged.put(k, System.getProperty(k)));
        return from(merged);
    }

    static PushSettings from(Map<String, String> env) {
        String hosts = env.getOrDefault("PRESENSI_PUSH_HOSTS", "");
        return new PushSettings(env.getOrDefault("PRESENSI_PUSH_CONTACT", DEFAULT_CONTACT),
                Arrays.stream(hosts.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList(),
                !"off".equalsIgnoreCase(env.getOrDefault("PRESENSI_REMINDERS", "on")),
                Optional.ofNullable(env.get("PRESENSI_PUSH_RELAY")).filter(r -> !r.isBlank()).map(URI::create));
    }
}
