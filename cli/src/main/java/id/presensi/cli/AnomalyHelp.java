package id.presensi.cli;

import id.presensi.anomaly.AnomalyThresholds;

import java.util.ListResourceBundle;
import java.util.stream.Collectors;

/**
 * The help of {@code policy anomaly}, whose defaults come from {@link AnomalyThresholds} (where they are declared,
 * once) rather than being written out again in the annotation: picocli reads a command's description from its
 * resource bundle, and this one is a class.
 */
public final class AnomalyHelp extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        String defaults = AnomalyThresholds.DEFAULTS.byName().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return new Object[][]{
                {"usage.description.0", "Show or set the thresholds of the titip absen signals (report anomalies), e.g. policy anomaly same_hand_days=4."},
                {"usage.description.1", "Defaults: " + defaults + "."},
                {"usage.description.2", "same_hand_seconds and same_hand_days: two people's check-ins from one address that many seconds apart, "
                        + "on that many days. The next reconcile uses them."}};
    }
}
