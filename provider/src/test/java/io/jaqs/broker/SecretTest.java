package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configured secret comes from an environment variable, a file or the text itself, and is never shown. */
class SecretTest {
    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("JAQS_DB_PASSWORD", "s3cret-from-env");

    @Test
    void anEnvironmentVariable() {
        assertEquals("s3cret-from-env", Secret.of("storePassword", "env:JAQS_DB_PASSWORD", ENV).value());
    }

    @Test
    void aFileWithItsTrailingLineBreakRemoved() throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "s3cret-from-file\n");
        assertEquals("s3cret-from-file", Secret.of("storePassword", "file:" + f).value());
        Path crlf = Files.writeString(dir.resolve("pw-crlf"), "s3cret\r\n");
        assertEquals("s3cret", Secret.of("storePassword", "file:" + crlf).value());
        Path two = Files.writeString(dir.resolve("pw-two"), "s3cret\n\n");
        assertEquals("s3cret\n", Secret.of("storePassword", "file:" + two).value(), "one line break only");
        Path none = Files.writeString(dir.resolve("pw-none"), "  spaced  ");
        assertEquals("  spaced  ", Secret.of("storePassword", "file:" + none).value(), "nothing else is trimmed");
        Path utf8 = Files.write(dir.resolve("pw-utf8"), "pässwörd".getBytes(StandardCharsets.UTF_8));
        assertEquals("pässwörd", Secret.of("storePassword", "file:" + utf8).value());
    }

    @Test
    void plainTextWithOrWithoutItsPrefix() {
        assertEquals("hunter2", Secret.of("storePassword", "hunter2").value());
        assertEquals("hunter2", Secret.of("storePassword", "plain:hunter2").value());
        assertEquals("env:NOT_A_VARIABLE", Secret.of("storePassword", "plain:env:NOT_A_VARIABLE").value(),
                "plain: gives a value that starts like another form");
        assertEquals("", Secret.of("storePassword", "").value());
        assertNull(Secret.of("storePassword", null));
        assertNull(Secret.resolve("storePassword", null));
    }

    @Test
    void anUnsetVariableFailsNamingTheSettingAndTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secret.of("storePassword", "env:JAQS_NO_SUCH_VARIABLE", ENV).value());
        assertTrue(e.getMessage().contains("storePassword") && e.getMessage().contains("JAQS_NO_SUCH_VARIABLE")
                && e.getMessage().contains("not set"), e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Secret.of("storePassword", "env:", ENV).value());
        assertTrue(empty.getMessage().contains("env:NAME"), empty.getMessage());
    }

    @Test
    void anUnreadableFileFailsNamingTheSettingAndTheFile() throws Exception {
        Path missing = dir.resolve("missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secret.of("storeEncryptionKey", "file:" + missing).value());
        assertTrue(e.getMessage().contains("storeEncryptionKey") && e.getMessage().contains(missing.toString())
                && e.getMessage().contains("cannot be read"), e.getMessage());
        IllegalArgumentException directory = assertThrows(IllegalArgumentException.class,
                () -> Secret.of("storeEncryptionKey", "file:" + dir).value());
        assertTrue(directory.getMessage().contains(dir.toString()), directory.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> Secret.of("storeEncryptionKey", "file:").value());
        assertTrue(blank.getMessage().contains("file:/path"), blank.getMessage());
    }

    @Test
    void theValueIsNeverShown() throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "s3cret-from-file");
        Secret env = Secret.of("storePassword", "env:JAQS_DB_PASSWORD", ENV);
        Secret file = Secret.of("storePassword", "file:" + f);
        Secret plain = Secret.of("storePassword", "plain:hunter2");
        Secret bare = Secret.of("storePassword", "hunter2");
        assertEquals("storePassword=env:JAQS_DB_PASSWORD", env.toString());
        assertEquals("storePassword=file:" + f, file.toString());
        assertEquals("storePassword=plain:***", plain.toString());
        assertEquals("storePassword=plain:***", bare.toString());
        for (Secret s : new Secret[] {env, file, plain, bare}) {
            assertFalse(s.toString().contains(s.value()), s.toString());
            assertFalse(s.source().contains(s.value()), s.source());
        }
    }
}
