package io.jaqs.bench;

import io.jaqs.broker.Limits;
import io.jaqs.broker.security.PasswordHash;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.JMSSecurityException;
import java.util.Arrays;

/**
 * {@code bench/run --login-timing [--tries N] [--iterations N]}: how long a refused login takes for a
 * known user with a wrong password and for an unknown user (no user enumeration by timing), N tries
 * of each interleaved, on a factory whose users have PBKDF2 hashes. Prints the median and the 10th
 * and 90th percentiles of each, and their ratio. Nothing is opened: authentication comes before the store.
 */
public final class LoginTiming {
    private LoginTiming() {
    }

    public static void main(String[] args) throws Exception {
        int tries = 1_000;
        int iterations = Limits.PASSWORD_HASH_ITERATIONS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tries" -> tries = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--tries N, --iterations N)");
            }
        }
        JaqsConnectionFactory f = new JaqsConnectionFactory("jdbc:h2:mem:login-timing");
        f.setUsers("alice:" + PasswordHash.hash("correct horse".toCharArray(), iterations) + ",bob:"
                + PasswordHash.hash("battery staple".toCharArray(), iterations));
        for (int i = 0; i < 20; i++) { // warm-up
            refused(f, "alice", "wrong");
            refused(f, "mallory", "wrong");
        }
        long[] wrong = new long[tries];
        long[] unknown = new long[tries];
        for (int i = 0; i < tries; i++) {
            wrong[i] = refused(f, "alice", "wrong" + i);
            unknown[i] = refused(f, "mallory" + i, "wrong" + i);
        }
        Arrays.sort(wrong);
        Arrays.sort(unknown);
        System.out.printf("login refusal, %d tries each, PBKDF2 %d iterations%n", tries, iterations);
        System.out.printf("  wrong password: median %.3f ms  p10 %.3f  p90 %.3f%n", ms(wrong, 0.5), ms(wrong, 0.1), ms(wrong, 0.9));
        System.out.printf("  unknown user:   median %.3f ms  p10 %.3f  p90 %.3f%n", ms(unknown, 0.5), ms(unknown, 0.1), ms(unknown, 0.9));
        System.out.printf("  unknown/wrong median ratio: %.3f%n", ms(unknown, 0.5) / ms(wrong, 0.5));
    }

    private static long refused(JaqsConnectionFactory f, String user, String password) {
        long t0 = System.nanoTime();
        try {
            f.createConnection(user, password).close();
            throw new IllegalStateException("login of " + user + " was not refused");
        } catch (JMSSecurityException expected) {
            return System.nanoTime() - t0;
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }
}
