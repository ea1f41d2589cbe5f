package id.presensi.cli;

import id.presensi.app.WorkFromAnywhere;
import id.presensi.rules.WfaGrant;
import id.presensi.store.Audit;
import org.jdbi.v3.core.Handle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "wfa", mixinStandardHelpOptions = true, description = {
        "Work from anywhere (PermenPANRB 4/2025): days on which named employees, or a unit's staff, may check in anywhere",
        "in Indonesia (the check-in is flagged WFA). At most 2 days a week (policy wfa limit), and never for staff under",
        "disciplinary proceedings (3 or more TK days in the year); a grant that would break either is refused whole."},
        subcommands = {PolicyWfaCommand.Grant.class, PolicyWfaCommand.Revoke.class, PolicyWfaCommand.List.class, PolicyWfaCommand.Limit.class})
class PolicyWfaCommand {

    /** Who a grant or a revocation is for, and on which days. */
    static class Whom {
        @Option(names = "--employee", paramLabel = "NIP|NIK", description = "Repeatable.") java.util.List<String> employees = new ArrayList<>();
        @Option(names = "--unit", paramLabel = "CODE", description = "Everyone employed in the unit and the units under it.") String unit;
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Repeatable.") java.util.List<LocalDate> dates;

        WorkFromAnywhere.Whom whom() {
            return new WorkFromAnywhere.Whom(employees, Optional.ofNullable(unit), dates);
        }
    }

    /** A grant or a revocation: the same people and days, one use case call, one line saying how many days it touched. */
    abstract static class Change implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Mixin Whom whom;

        abstract int apply(WorkFromAnywhere wfa, Handle h, Audit audit, WorkFromAnywhere.Whom whom);

        abstract String done();

        @Override
        public Integer call() {
            int days = db.change(spec, (jdbi, h, audit) -> apply(new WorkFromAnywhere(jdbi), h, audit, whom.whom()));
            spec.commandLine().getOut().printf("WFA: %d day(s) %s%n", days, done());
            return ExitCodes.OK;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant WFA days, e.g. policy wfa grant --employee NIP --date 2026-12-01 --date 2026-12-03")
    static class Grant extends Change {
        @Override
        int apply(WorkFromAnywhere wfa, Handle h, Audit audit, WorkFromAnywhere.Whom whom) {
            return wfa.grant(h, audit, whom);
        }

        @Override
        String done() {
            return "granted";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Withdraw WFA days.")
    static class Revoke extends Change {
        @Override
        int apply(WorkFromAnywhere wfa, Handle h, Audit audit, WorkFromAnywhere.Whom whom) {
            return wfa.revoke(h, audit, whom);
        }

        @Override
        String done() {
            return "withdrawn";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List WFA days granted between two dates.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--from", required = true, paramLabel = "DATE") LocalDate from;
        @Option(names = "--to", required = true, paramLabel = "DATE") LocalDate to;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        private static final Table<WfaGrant> TABLE = Table.of(WfaGrant.class)
                .column("TANGGAL", 10, WfaGrant::date).column("NIP/NIK", 18, WfaGrant::employeeKey).exported("NIP_NIK", WfaGrant::employeeKey)
                .column("NAMA", 26, WfaGrant::name).column("KODE_UNIT", 10, WfaGrant::unitCode)
                .column("DIBERIKAN_OLEH", 0, WfaGrant::grantedBy);

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new WorkFromAnywhere(d.jdbi()).list(from, to, Optional.ofNullable(unit))), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "limit", mixinStandardHelpOptions = true, description = "Show or set the WFA days allowed per week (PermenPANRB 4/2025: 2).")
    static class Limit implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(arity = "0..1", paramLabel = "DAYS") Integer days;

        @Override
        public Integer call() {
            if (days != null) {
                db.change(spec, (jdbi, h, audit) -> {
                    new WorkFromAnywhere(jdbi).setDaysPerWeek(h, audit, days);
                    return null;
                });
            }
            int limit = db.read(d -> new WorkFromAnywhere(d.jdbi()).daysPerWeek());
            spec.commandLine().getOut().printf("WFA: at most %d day(s) a week%n", limit);
            return ExitCodes.OK;
        }
    }
}
