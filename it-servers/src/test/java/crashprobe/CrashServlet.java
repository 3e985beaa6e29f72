package crashprobe;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code POST ?action=commit&order=o&marker=m}: sends order o in a transaction stopped in its
 * commit phase; {@code POST ?action=prepare&order=o&marker=m&haltFirst=b}: in one stopped in its
 * prepare phase (neither call returns: the test kills the server); {@code GET ?ping}: whether the
 * application runs.
 */
@WebServlet("/crash")
public class CrashServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private CrashSender sender;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Path marker = Path.of(req.getParameter("marker"));
        switch (String.valueOf(req.getParameter("action"))) {
            case "commit" -> sender.sendThenHaltInCommit(req.getParameter("order"), marker);
            case "prepare" -> sender.sendThenHaltInPrepare(req.getParameter("order"), marker,
                    Boolean.parseBoolean(req.getParameter("haltFirst")));
            default -> {
                resp.sendError(400, "action must be commit or prepare");
                return;
            }
        }
        resp.setContentType("text/plain");
        resp.getWriter().println("ok");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        if (req.getParameter("ping") != null) {
            resp.getWriter().print("ok");
            return;
        }
        resp.sendError(400, "GET takes ping");
    }
}
