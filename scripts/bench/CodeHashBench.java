import id.presensi.device.CodeHash;
import id.presensi.device.Secrets;

/** The cost of hashing one activation code (what each activation and each guess from a backup pays), beside its floor. */
public class CodeHashBench {
    public static void main(String[] args) {
        byte[] salt = Secrets.newSalt();
        for (int round = 1; round <= 3; round++) { // the first round warms the JIT up
            double slow = perHashMs(CodeHash.CURRENT, salt, 40);
            double floor = perHashMs(CodeHash.LEGACY, salt, 200_000);
            System.out.printf("round %d: %s %.1f ms a hash; floor (salted SHA-256, the old scheme) %.4f ms; ratio %,.0fx%n",
                    round, CodeHash.CURRENT, slow, floor, slow / floor);
        }
        System.out.printf("a regency's enrolment (8,630 codes) on %d cores: about %.0f s of hashing%n",
                Runtime.getRuntime().availableProcessors(), 8_630 * perHashMs(CodeHash.CURRENT, salt, 20) / 1000
                        / Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private static double perHashMs(String scheme, byte[] salt, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CodeHash.hash(scheme, salt, Secrets.newCode());
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }
}
