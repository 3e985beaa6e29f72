package io.jaqs.broker.security;

import io.jaqs.broker.Limits;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Prints a salted PBKDF2 hash of a password for the {@code users} configuration:
 * {@code java -cp jaqs-provider.jar io.jaqs.broker.security.HashPassword [--iterations N]}. The
 * password is read from the console without echo, or from the first line of standard input when
 * there is no console ({@code echo -n secret | java ... HashPassword}); never from the command line,
 * where other users of the machine could see it.
 */
public final class HashPassword {
    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        int iterations = Limits.PASSWORD_HASH_ITERATIONS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--iterations") && i + 1 < args.length) {
                iterations = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: HashPassword [--iterations N]   (reads the password from the console or stdin)");
                System.exit(2);
            }
        }
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            System.err.println("No password given");
            System.exit(1);
        }
        System.out.println(PasswordHash.hash(password, iterations));
    }
}
