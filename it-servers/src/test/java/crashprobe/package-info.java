/**
 * The crash probe: a small web application (crash.war, assembled by the tests from these classes)
 * that stops a container transaction between the transaction manager's two phases, so that the
 * test can kill the server with SIGKILL while a Jaqs branch is prepared and not decided. It is not
 * part of Jaqs (hence not under io.jaqs: the servers' log check looks for Jaqs's records by name,
 * and the transaction managers report this resource when they cannot recover it).
 */
package crashprobe;
