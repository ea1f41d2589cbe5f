package id.presensi.cli;

import id.presensi.request.ApprovalChain;
import id.presensi.request.ApprovalStep;
import id.presensi.request.RequestKind;
import id.presensi.store.RequestChainStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "chain", mixinStandardHelpOptions = true,
        description = {"Approval chains (rantai persetujuan) per unit and request kind, inherited by the sub-units: the nearest unit with",
                "a matching rule wins. Without one a request is decided once by the OPD admin. A request keeps the chain it was made under."},
        subcommands = {RequestChainCommand.Set.class, RequestChainCommand.List.class, RequestChainCommand.Clear.class})
class RequestChainCommand {

    static RequestKind kind(String text) {
        try {
            return RequestKind.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kind must be one of " + java.util.Arrays.toString(RequestKind.values()) + ", got '" + text + "'");
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a unit's chain for a kind (BKPSDM), replacing the one with the same condition.",
                    "Each --step is ACTOR[:DEADLINE[:OVERDUE]]: ACTOR is ADMIN (the OPD admin), HEAD (the unit's head, or the plt",
                    "of the period; a head's own request goes to the plt or the head above), OPD_HEAD (the Kepala OPD: the head of",
                    "the nearest unit marked as an OPD, see unit set --opd, or its plt, by the same rule) or BKPSDM; DEADLINE is hours (48h) or",
                    "working days (2wd, default 3wd); OVERDUE is ESCALATE (default: the next step takes it) or LAPSE (rejected as expired).",
                    "Example: request chain set --unit DINKES --kind CT --min-days 4 --step ADMIN:2wd --step HEAD:3wd --step OPD_HEAD:3wd:lapse"})
    static class Set implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", required = true, paramLabel = "CODE") String unit;
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "I, S, DL, CT, LUPA_MASUK, LUPA_PULANG or DI_LUAR_LOKASI.") String kind;
        @Option(names = "--step", required = true, paramLabel = "STEP", description = "In order, 1 to 4.") java.util.List<String> steps;
        @Option(names = "--min-days", defaultValue = "1", paramLabel = "N", description = "Only for requests of at least N days (e.g. longer cuti to the Kepala OPD).")
        int minDays;
        @Option(names = "--closing-month", description = "Only for a day in a month before the current one, about to close (e.g. to BKPSDM).")
        boolean closingMonth;

        @Override
        public Integer call() {
            ApprovalChain chain = new ApprovalChain(unit.strip().toUpperCase(Locale.ROOT), kind(kind), minDays, closingMonth,
                    steps.stream().map(ApprovalStep::parse).toList());
            db.change(spec, (jdbi, h, audit) -> {
                new RequestChainStore(jdbi).set(h, audit, chain);
                return null;
            });
            spec.commandLine().getOut().printf("Unit %s, %s%s: %s%n", chain.unitCode(), chain.kind(), chain.condition().map(c -> " (" + c + ")").orElse(""),
                    String.join(" -> ", chain.steps().stream().map(ApprovalStep::toString).toList()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The chains of a unit, or all.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        private static final Table<ApprovalChain> TABLE = Table.of(ApprovalChain.class)
                .column("KODE_UNIT", 10, ApprovalChain::unitCode).column("JENIS", 14, ApprovalChain::kind)
                .column("SYARAT", 36, c -> c.condition().orElse("")).column("LANGKAH", 0, c -> String.join(" -> ", c.steps().stream().map(ApprovalStep::toString).toList()))
                .footer(rows -> Count.of(rows.size(), "chain", "chains"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new RequestChainStore(d.jdbi()).chains(Optional.ofNullable(unit))), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove a unit's chain for a kind and condition (requests on their way keep theirs).")
    static class Clear implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", required = true, paramLabel = "CODE") String unit;
        @Option(names = "--kind", required = true, paramLabel = "KIND") String kind;
        @Option(names = "--min-days", defaultValue = "1", paramLabel = "N") int minDays;
        @Option(names = "--closing-month") boolean closingMonth;

        @Override
        public Integer call() {
            RequestKind k = kind(kind);
            boolean removed = db.change(spec, (jdbi, h, audit) -> new RequestChainStore(jdbi).clear(h, audit, unit, k, minDays, closingMonth));
            spec.commandLine().getOut().println(removed ? "Chain removed." : "No such chain.");
            return removed ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
