package id.presensi.request;

import java.util.Locale;

/**
 * One step of an approval chain (rantai persetujuan): who decides, by when, and what happens when nobody has by then.
 * Written on the command line as {@code ACTOR[:DEADLINE[:OVERDUE]]}, e.g. {@code ADMIN:2wd}, {@code HEAD:48h:lapse};
 * the deadline defaults to 3 working days and an overdue step escalates.
 */
public record ApprovalStep(Actor actor, int deadline, DeadlineUnit unit, Overdue overdue) {

    /**
     * Who decides a step: the OPD admin (operator), the unit's head (atasan langsung, or the plt for the period), the
     * Kepala OPD (the head of the employee's OPD, or its plt), BKPSDM.
     */
    public enum Actor { ADMIN, HEAD, OPD_HEAD, BKPSDM }

    public enum DeadlineUnit { HOURS, WORKDAYS }

    /** Past the deadline: the next step takes the request (the last one's lapses it), or it is rejected as expired. */
    public enum Overdue { ESCALATE, LAPSE }

    public ApprovalStep {
        if (deadline < 1 || deadline > 720) {
            throw new IllegalArgumentException("a step's deadline is 1 to 720 hours or working days, got " + deadline);
        }
    }

    public static ApprovalStep parse(String text) {
        String[] parts = text.strip().toUpperCase(Locale.ROOT).split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("a step is ACTOR[:DEADLINE[:OVERDUE]], e.g. ADMIN:2wd or HEAD:48h:lapse, got '" + text + "'");
        }
        Actor actor = word(Actor.class, parts[0], "ADMIN, HEAD, OPD_HEAD or BKPSDM");
        int deadline = 3;
        DeadlineUnit unit = DeadlineUnit.WORKDAYS;
        if (parts.length > 1) {
            String d = parts[1];
            if (!d.matches("[0-9]{1,3}(H|WD)")) {
                throw new IllegalArgumentException("a step's deadline is hours (48h) or working days (2wd), got '" + parts[1].toLowerCase(Locale.ROOT) + "'");
            }
            unit = d.endsWith("WD") ? DeadlineUnit.WORKDAYS : DeadlineUnit.HOURS;
            deadline = Integer.parseInt(d.substring(0, d.length() - (unit == DeadlineUnit.WORKDAYS ? 2 : 1)));
        }
        Overdue overdue = parts.length > 2 ? word(Overdue.class, parts[2], "ESCALATE or LAPSE") : Overdue.ESCALATE;
        return new ApprovalStep(actor, deadline, unit, overdue);
    }

    private static <E extends Enum<E>> E word(Class<E> type, String text, String allowed) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + allowed + ", got '" + text + "'");
        }
    }

    /** As written on the command line, e.g. {@code HEAD:2wd:ESCALATE}. */
    @Override
    public String toString() {
        return actor + ":" + deadline + (unit == DeadlineUnit.HOURS ? "h" : "wd") + ":" + overdue;
    }
}
