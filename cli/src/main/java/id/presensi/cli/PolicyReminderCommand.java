package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.push.PushEndpointGuard;
import id.presensi.push.ReminderKind;
import id.presensi.store.Audit;
import id.presensi.store.ReminderStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "reminder", mixinStandardHelpOptions = true, description = {
        "Show or set which reminders (pengingat) reach staff's phones by Web Push, per unit; all are off by default.",
        "  policy reminder --unit DINKES check-out on --minutes 30   'Anda belum presensi pulang' 30 min after the",
        "                                  check-out window opens, to whoever checked in and not out",
        "  policy reminder --unit DINKES check-in on --minutes 15    'Belum presensi masuk' 15 min before check-in closes",
        "  policy reminder --unit DINKES decision on                 a request's decision, to the requester",
        "  policy reminder --unit DINKES approval-waiting on --minutes 15   to a head: requests wait for their approval;",
        "                                  at most one a head per MIN minutes (15 when 0), the rest counted in the next",
        "  policy reminder --unit PKM-1 check-out off               a sub-unit follows the nearest setting above it;",
        "                                  'inherit' removes a unit's own setting",
        "  policy reminder --unit DINKES --webhook https://wa-gateway.example.id/presensi   the same events as JSON, signed",
        "                                  (HMAC-SHA256 of the body, hex, in X-Presensi-Signature); the secret is printed once",
        "  policy reminder --unit DINKES --webhook none              removes the webhook; one that answers 404/410 three",
        "                                  times in a row is disabled (listed with why) until set again",
        "A reminder carries the person's first name and a time, nothing else. Staff turn them on with 'Ingatkan saya'."})
class PolicyReminderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChangeOptions db;
    @Option(names = "--unit", paramLabel = "CODE") String unit;
    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", description = "check-out, check-in, decision or approval-waiting") String kind;
    @Parameters(index = "1", arity = "0..1", paramLabel = "on|off|inherit") String setting;
    @Option(names = "--minutes", paramLabel = "MIN", defaultValue = "0",
            description = "check-out: after the window opens; check-in: before it closes; approval-waiting: a head's quiet window (0-720)") int minutes;
    @Option(names = "--webhook", paramLabel = "https-URL|none") String webhook;
    @Option(names = "--webhook-hosts", paramLabel = "HOST", split = ",",
            description = "the hosts the check-in service lets webhooks reach (as PRESENSI_PUSH_HOSTS), to check the URL here")
    List<String> webhookHosts = List.of();

    @Override
    public Integer call() {
        if ((kind == null) != (setting == null) || ((kind != null || webhook != null) && unit == null)) {
            throw new ParameterException(spec.commandLine(), "--unit, KIND and on|off|inherit go together, e.g. policy reminder --unit DINKES check-out on --minutes 30");
        }
        try (Database database = db.open()) {
            ReminderStore store = new ReminderStore(database.jdbi());
            PrintWriter out = spec.commandLine().getOut();
            if (kind != null || webhook != null) {
                Audit audit = db.audit(spec);
                String secret = database.jdbi().inTransaction(h -> {
                    if (kind != null) {
                        ReminderKind k = kind(kind);
                        switch (setting.toLowerCase(Locale.ROOT)) {
                            case "on" -> store.setPolicy(h, audit, unit, k, true, minutes);
                            case "off" -> store.setPolicy(h, audit, unit, k, false, minutes);
                            case "inherit" -> store.clearPolicy(h, audit, unit, k);
                            default -> throw new ParameterException(spec.commandLine(), "the setting is on, off or inherit, got '" + setting + "'");
                        }
                    }
                    if (webhook == null) {
                        return null;
                    }
                    if (webhook.equalsIgnoreCase("none")) {
                        store.removeWebhook(h, audit, unit);
                        return null;
                    }
                    new PushEndpointGuard(webhookHosts).refusal(webhook).ifPresent(reason -> {
                        throw new ParameterException(spec.commandLine(), "--webhook refused: " + reason
                                + " (a webhook's host must be added to PRESENSI_PUSH_HOSTS of the check-in service and given here with --webhook-hosts)");
                    });
                    byte[] key = new byte[32];
                    new SecureRandom().nextBytes(key);
                    store.putWebhook(h, audit, unit, webhook, key);
                    return HexFormat.of().formatHex(key);
                });
                if (secret != null) {
                    out.println("Webhook set for " + unit + ". Its signing secret (shown once; give it to the gateway, keep it off chats and logs):");
                    out.println("  " + secret);
                }
            }
            var policies = store.policies();
            out.println(policies.isEmpty() ? "No unit has turned any reminder on (all are off by default)."
                    : "Units with a setting of their own (a sub-unit follows the nearest setting above it):");
            policies.forEach(p -> out.printf("  %-12s %-17s %s%n", p.unitCode(), words(p.kind()),
                    !p.enabled() ? "off" : p.kind() == ReminderKind.CHECK_OUT ? "on, " + p.minutes() + " min after check-out opens"
                            : p.kind() == ReminderKind.CHECK_IN ? "on, " + p.minutes() + " min before check-in closes"
                            : p.kind() == ReminderKind.APPROVAL_WAITING ? "on, at most one a head per " + (p.minutes() == 0 ? 15 : p.minutes()) + " min"
                            : "on"));
            var webhooks = store.webhooks();
            if (!webhooks.isEmpty()) {
                out.println("Webhooks (a sub-unit's staff's events go to the nearest one above them):");
                webhooks.forEach(w -> out.printf("  %-12s %s  %s%n", w.unitCode(), w.url(), w.disabledAt()
                        .map(at -> "DISABLED since " + at.atZone(java.time.ZoneId.of("Asia/Makassar")).toLocalDateTime().withNano(0) + " WITA: "
                                + w.disabledReason().orElse("") + " (set it again with --webhook to re-enable)")
                        .orElse(w.refusals() > 0 ? "enabled (" + w.refusals() + " 404/410 in a row)" : "enabled")));
            }
        }
        return ExitCodes.OK;
    }

    private ReminderKind kind(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "check-out", "pulang" -> ReminderKind.CHECK_OUT;
            case "check-in", "masuk" -> ReminderKind.CHECK_IN;
            case "decision", "keputusan" -> ReminderKind.DECISION;
            case "approval-waiting", "persetujuan" -> ReminderKind.APPROVAL_WAITING;
            default -> throw new ParameterException(spec.commandLine(), "KIND is check-out, check-in, decision or approval-waiting, got '" + word + "'");
        };
    }

    private static String words(ReminderKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
