package io.jaqs.broker.security;

import io.jaqs.broker.Limits;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted password hashes with the JDK's PBKDF2WithHmacSHA256, in the text form
 * {@code pbkdf2:<iterations>:<salt, base64>:<hash, base64>} (the iterations travel with the hash, so
 * raising {@link Limits#PASSWORD_HASH_ITERATIONS} leaves old hashes valid). Verification compares in
 * constant time. A configured password not in this form is plain text, compared in constant time too.
 */
public final class PasswordHash {
    /** How a hashed password starts. */
    public static final String PREFIX = "pbkdf2:";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new hash of the password with a random salt and {@link Limits#PASSWORD_HASH_ITERATIONS}. */
    public static String hash(char[] password) {
        return hash(password, Limits.PASSWORD_HASH_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        if (iterations < Limits.MIN_PASSWORD_HASH_ITERATIONS) {
            throw new IllegalArgumentException("A password hash needs at least " + Limits.MIN_PASSWORD_HASH_ITERATIONS
                    + " iterations, got " + iterations);
        }
        byte[] salt = new byte[Limits.PASSWORD_SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, Limits.PASSWORD_HASH_BYTES)).toString();
    }

    public static boolean isHash(String configured) {
        return configured != null && configured.startsWith(PREFIX);
    }

    /** Parses the text form; throws IllegalArgumentException naming what is wrong (never the hash itself). */
    public static PasswordHash parse(String text) {
        if (!isHash(text)) {
            throw new IllegalArgumentException("A password hash starts with " + PREFIX);
        }
        String[] parts = text.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("A password hash has the form " + PREFIX + "<iterations>:<salt>:<hash>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The iterations of a password hash must be a whole number, got '" + parts[0] + "'");
        }
        if (iterations < Limits.MIN_PASSWORD_HASH_ITERATIONS) {
            throw new IllegalArgumentException("A password hash needs at least " + Limits.MIN_PASSWORD_HASH_ITERATIONS
                    + " iterations, got " + iterations);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            if (salt.length == 0 || hash.length == 0) {
                throw new IllegalArgumentException("A password hash needs a salt and a hash");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The salt and hash of a password hash must be base64: " + e.getMessage());
        }
    }

    public int iterations() {
        return iterations;
    }

    /** Whether the password gives this hash; the comparison takes the same time wherever the bytes differ. */
    public boolean verify(char[] password) {
        return MessageDigest.isEqual(hash, derive(password == null ? new char[0] : password, salt, iterations, hash.length));
    }

    /** Constant-time comparison of a plain-text configured password. */
    public static boolean plainEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                (given == null ? "" : given).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return PREFIX + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(hash);
    }
}
