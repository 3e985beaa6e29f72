package io.jaqs.samples.mdb;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The sample's front door (plain text): {@code POST ?action=send&prefix=p&n=100} places n orders in
 * one transaction, {@code action=rollback&order=x} places one and rolls back, {@code GET
 * ?action=report&prefix=p} tells what was processed: orders stored (and how many distinct), replies
 * sent, deliveries of poison orders, and the dead-letter queue's content.
 */
@WebServlet("/orders")
public class Orders extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The server's default data source (configured per server to an H2 database, see the README). */
    static final String DATA_SOURCE = "java:comp/DefaultDataSource";

    @EJB
    private OrderSender sender;
    @Resource(lookup = DATA_SOURCE)
    private DataSource db;
    @Resource(name = "jms/jaqsCF")
    private ConnectionFactory factory;
    @Resource(name = "jms/replies")
    private Queue replies;
    @Resource(name = "jms/ordersDLQ")
    private Queue deadLetters;

    @Override
    public void init() throws ServletException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders(id IDENTITY PRIMARY KEY, order_text VARCHAR(200) NOT NULL)");
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String action = req.getParameter("action");
        switch (action == null ? "" : action) {
            case "send" -> sender.send(req.getParameter("prefix"), Integer.parseInt(req.getParameter("n")));
            case "rollback" -> sender.sendAndRollBack(req.getParameter("order"));
            default -> {
                resp.sendError(400, "action must be send or rollback");
                return;
            }
        }
        resp.setContentType("text/plain");
        resp.getWriter().println("ok");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String prefix = req.getParameter("prefix");
        if (prefix == null || prefix.isEmpty()) {
            resp.sendError(400, "prefix is required");
            return;
        }
        StringBuilder out = new StringBuilder();
        try (Connection c = db.getConnection();
                PreparedStatement count = c.prepareStatement(
                        "SELECT COUNT(*), COUNT(DISTINCT order_text) FROM orders WHERE order_text LIKE ? ESCAPE '!'")) {
            count.setString(1, prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "-%");
            try (ResultSet r = count.executeQuery()) {
                r.next();
                out.append("stored=").append(r.getLong(1)).append('\n').append("distinct=").append(r.getLong(2)).append('\n');
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
        out.append("replies=").append(browse(replies, "processed " + prefix + "-").size()).append('\n');
        List<String> poison = new ArrayList<>();
        OrderProcessor.POISON_DELIVERIES.forEach((order, counts) -> {
            if (order.startsWith("poison-" + prefix)) {
                poison.add(order + ":" + counts);
            }
        });
        out.append("poisonDeliveries=").append(poison).append('\n');
        out.append("deadLetters=").append(browse(deadLetters, "poison-" + prefix)).append('\n');
        resp.setContentType("text/plain");
        resp.getWriter().print(out);
    }

    /** The texts (with JMSXDeliveryCount) of the messages on a queue that start with {@code prefix}. */
    private List<String> browse(Queue queue, String prefix) throws IOException {
        List<String> found = new ArrayList<>();
        try (JMSContext jms = factory.createContext(); QueueBrowser b = jms.createBrowser(queue)) {
            for (Enumeration<?> e = b.getEnumeration(); e.hasMoreElements(); ) {
                Message m = (Message) e.nextElement();
                String text = m.getBody(String.class);
                if (text.startsWith(prefix)) {
                    found.add(text);
                }
            }
        } catch (jakarta.jms.JMSException e) {
            throw new IOException(e);
        }
        Collections.sort(found);
        return found;
    }
}
