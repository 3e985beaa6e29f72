package io.jaqs.samples.orders;

import io.jaqs.broker.MessageMoveTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The demo's report: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched)
 * with the checks, per-step throughput and latency, the progress over time and the poison order's story.
 */
final class OrderReport {
    private OrderReport() {
    }

    private static final String[] STEP_COLORS = {"#4e79a7", "#f28e2b", "#59a14f"};

    static Path write(Path file, OrderDemo.Result r, OrderDemo.Config cfg, List<OrderDemo.PoisonEvent> poison,
                      List<OrderDemo.Tick> timeline, MessageMoveTask task) throws IOException {
        StringBuilder h = new StringBuilder(32_000);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Jaqs order demo</title><style>")
                .append("body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:980px;"
                        + "color:#222;padding:0 1rem}h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.15rem;margin:2rem 0 .6rem;"
                        + "border-bottom:1px solid #ddd;padding-bottom:.2rem}.muted{color:#777}.ok{color:#2e7d32}.bad{color:#c62828}"
                        + ".headline{font:600 1.05rem ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa;padding:.7rem 1rem;"
                        + "border-radius:6px;margin:.8rem 0}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));"
                        + "gap:.6rem}.card{background:#f6f8fa;border-radius:6px;padding:.6rem .8rem}.card b{display:block;font-size:1.5rem}"
                        + "table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;text-align:right;border-bottom:1px solid #eee}"
                        + "td:first-child,th:first-child{text-align:left}ol.story{list-style:none;padding:0;border-left:3px solid #ddd;"
                        + "margin-left:.4rem}ol.story li{padding:.15rem 0 .15rem 1rem;position:relative}ol.story li:before{content:'';"
                        + "position:absolute;left:-7px;top:.6rem;width:11px;height:11px;border-radius:50%;background:#bbb}"
                        + "ol.story li.fail:before{background:#c62828}ol.story li.good:before{background:#2e7d32}"
                        + "svg text{font:12px system-ui,sans-serif;fill:#333}")
                .append("</style></head><body>");

        // ---- headline
        h.append("<p class=\"muted\">Jaqs · order-processing demo · ")
                .append(esc(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")))).append("</p>");
        if (r.ok()) {
            h.append("<h1 class=\"ok\">✓ Every check passed</h1>");
        } else {
            h.append("<h1 class=\"bad\">✗ ").append(r.failures().size()).append(" check(s) failed</h1><ul class=\"bad\">");
            for (String f : r.failures()) {
                h.append("<li>").append(esc(f)).append("</li>");
            }
            h.append("</ul>");
        }
        h.append("<div class=\"headline\">").append(esc(r.summaryLine())).append("</div>");
        h.append("<p class=\"muted\">Store <code>").append(esc(cfg.storeUrl())).append("</code> · wall time ")
                .append(String.format(Locale.ROOT, "%.1f s", r.wallMillis() / 1000.0)).append("</p>");
        h.append("<div class=\"cards\">");
        card(h, String.format("%,d", r.sent()), "orders sent");
        card(h, String.format("%,d", r.doneExactlyOnce()), "done exactly once");
        card(h, Integer.toString(r.outOfOrder()), "out of order");
        card(h, Integer.toString(r.duplicateSubmissions()), "double submissions dropped");
        card(h, r.slowStepRedeliveries() + " / " + r.bulkOrders(), "slow-step redeliveries / bulk orders");
        card(h, Integer.toString(r.deadLetteredAndRedriven()), "dead-lettered and redriven");
        h.append("</div>");

        // ---- per step
        h.append("<h2>Each step</h2>");
        h.append("<p class=\"muted\">Latency: from entering the step's queue to the commit that hands the order on "
                + "(queue wait + work). Bulk orders spend ")
                .append(cfg.slowWork.toMillis() / 1000.0).append(" s at the inventory step, which shows in its p99 and max.</p>");
        h.append("<table><tr><th>step</th><th>queue</th><th>orders</th><th>orders/s</th><th>p50</th><th>p99</th><th>max</th>"
                + "<th>redelivered</th></tr>");
        for (OrderDemo.StepReport s : r.steps()) {
            h.append("<tr><td>").append(esc(s.name())).append("</td><td><code>").append(esc(s.queue())).append("</code></td><td>")
                    .append(String.format("%,d", s.orders())).append("</td><td>").append(String.format(Locale.ROOT, "%,.0f", s.perSecond()))
                    .append("</td><td>").append(OrderDemo.ms(s.p50Micros())).append("</td><td>").append(OrderDemo.ms(s.p99Micros()))
                    .append("</td><td>").append(OrderDemo.ms(s.maxMicros())).append("</td><td>").append(s.redelivered()).append("</td></tr>");
        }
        h.append("<tr><td>end to end</td><td class=\"muted\">submitted → shipped</td><td></td><td></td><td>")
                .append(OrderDemo.ms(r.e2eP50Micros())).append("</td><td>").append(OrderDemo.ms(r.e2eP99Micros()))
                .append("</td><td></td><td></td></tr></table>");
        throughputBars(h, r.steps());
        latencyBars(h, r.steps());

        // ---- over time
        h.append("<h2>Over time</h2>");
        timelineChart(h, timeline, poison);

        // ---- poison order
        h.append("<h2>The poison order ").append(esc(r.poisonOrder())).append("</h2>");
        h.append("<p>It pays in ").append(PaymentService.UNSUPPORTED_CURRENCY)
                .append(", which the payment service rejects. The queue's RedrivePolicy moves it to <code>")
                .append(OrderDemo.DEAD_LETTERS).append("</code> after ").append(OrderDemo.MAX_RECEIVE_COUNT)
                .append(" receives; once the fix is deployed, <code>StartMessageMoveTask</code> moves it back.</p><ol class=\"story\">");
        for (OrderDemo.PoisonEvent e : poison) {
            String cls = e.what().contains("failed") || e.what().startsWith("dead-lettered") ? "fail"
                    : e.what().startsWith("shipped") ? "good" : "";
            h.append("<li class=\"").append(cls).append("\"><b>").append(String.format(Locale.ROOT, "%.2f s", e.atMillis() / 1000.0))
                    .append("</b> ").append(esc(e.what())).append("</li>");
        }
        h.append("</ol>");
        if (task != null) {
            h.append("<p class=\"muted\">Move task <code>").append(esc(task.taskHandle())).append("</code>: ")
                    .append(task.status()).append(", ").append(task.approximateNumberOfMessagesMoved()).append(" of ")
                    .append(task.approximateNumberOfMessagesToMove()).append(" moved, from <code>").append(esc(task.sourceArn()))
                    .append("</code>").append(task.destinationArn() == null ? " back to each message's source queue" : " to <code>"
                            + esc(task.destinationArn()) + "</code>").append(".</p>");
        }
        h.append("<p class=\"muted\">Generated by <code>io.jaqs.samples.orders.OrderDemo</code>.</p></body></html>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    private static void card(StringBuilder h, String value, String label) {
        h.append("<div class=\"card\"><b>").append(esc(value)).append("</b>").append(esc(label)).append("</div>");
    }

    private static void throughputBars(StringBuilder h, List<OrderDemo.StepReport> steps) {
        double max = steps.stream().mapToDouble(OrderDemo.StepReport::perSecond).max().orElse(1);
        int w = 940;
        int left = 90;
        int barH = 22;
        int height = steps.size() * (barH + 8) + 6;
        h.append("<h3 style=\"font-size:1rem\">Throughput (orders/s)</h3>");
        h.append("<svg width=\"100%\" viewBox=\"0 0 ").append(w).append(' ').append(height).append("\" role=\"img\">");
        int y = 6;
        int i = 0;
        for (OrderDemo.StepReport s : steps) {
            double len = max <= 0 ? 0 : (w - left - 80) * s.perSecond() / max;
            h.append("<text x=\"0\" y=\"").append(y + 16).append("\">").append(esc(s.name())).append("</text>");
            h.append(rect(left, y, len, barH, STEP_COLORS[i % STEP_COLORS.length]));
            h.append("<text x=\"").append(fmt(left + len + 6)).append("\" y=\"").append(y + 16).append("\">")
                    .append(String.format(Locale.ROOT, "%,.0f /s", s.perSecond())).append("</text>");
            y += barH + 8;
            i++;
        }
        h.append("</svg>");
    }

    /** p50 and p99 per step on a log scale (1 ms … 10 s): the slow step's p99 is seconds, the others milliseconds. */
    private static void latencyBars(StringBuilder h, List<OrderDemo.StepReport> steps) {
        int w = 940;
        int left = 90;
        int right = w - 90;
        double lo = Math.log10(100);          // 0.1 ms
        double hi = Math.log10(30_000_000);   // 30 s
        int rowH = 40;
        int height = steps.size() * rowH + 40;
        h.append("<h3 style=\"font-size:1rem\">Latency p50 (solid) and p99 (light), log scale</h3>");
        h.append("<svg width=\"100%\" viewBox=\"0 0 ").append(w).append(' ').append(height).append("\" role=\"img\">");
        long[] ticks = {100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};
        String[] labels = {"0.1 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s"};
        for (int t = 0; t < ticks.length; t++) {
            double x = left + (right - left) * (Math.log10(ticks[t]) - lo) / (hi - lo);
            h.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"0\" y2=\"")
                    .append(height - 22).append("\" stroke=\"#e3e3e3\"/>");
            h.append("<text x=\"").append(fmt(x - 14)).append("\" y=\"").append(height - 6).append("\" class=\"muted\">")
                    .append(labels[t]).append("</text>");
        }
        int y = 4;
        int i = 0;
        for (OrderDemo.StepReport s : steps) {
            String color = STEP_COLORS[i % STEP_COLORS.length];
            double p50 = left + (right - left) * Math.max(0, (Math.log10(Math.max(100, s.p50Micros())) - lo) / (hi - lo));
            double p99 = left + (right - left) * Math.max(0, (Math.log10(Math.max(100, s.p99Micros())) - lo) / (hi - lo));
            h.append("<text x=\"0\" y=\"").append(y + 20).append("\">").append(esc(s.name())).append("</text>");
            h.append("<rect x=\"").append(left).append("\" y=\"").append(y + 4).append("\" width=\"").append(fmt(p99 - left))
                    .append("\" height=\"24\" fill=\"").append(color).append("\" opacity=\"0.35\"/>");
            h.append(rect(left, y + 9, p50 - left, 14, color));
            h.append("<text x=\"").append(fmt(p99 + 6)).append("\" y=\"").append(y + 20).append("\">p50 ")
                    .append(OrderDemo.ms(s.p50Micros())).append(" · p99 ").append(OrderDemo.ms(s.p99Micros())).append("</text>");
            y += rowH;
            i++;
        }
        h.append("</svg>");
    }

    private static void timelineChart(StringBuilder h, List<OrderDemo.Tick> ticks, List<OrderDemo.PoisonEvent> poison) {
        if (ticks.isEmpty()) {
            return;
        }
        int w = 940;
        int height = 300;
        int left = 60;
        int right = w - 20;
        int top = 14;
        int bottom = height - 46;
        long tMax = Math.max(1, ticks.get(ticks.size() - 1).atMillis());
        int yMax = Math.max(1, ticks.stream().mapToInt(OrderDemo.Tick::sent).max().orElse(1));
        h.append("<svg width=\"100%\" viewBox=\"0 0 ").append(w).append(' ').append(height).append("\" role=\"img\">");
        for (int k = 0; k <= 4; k++) {
            double y = bottom - (bottom - top) * k / 4.0;
            h.append("<line x1=\"").append(left).append("\" x2=\"").append(right).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#eee\"/>");
            h.append("<text x=\"4\" y=\"").append(fmt(y + 4)).append("\">").append(String.format("%,d", yMax * k / 4)).append("</text>");
        }
        for (int k = 0; k <= 5; k++) {
            double x = left + (right - left) * k / 5.0;
            h.append("<text x=\"").append(fmt(x - 10)).append("\" y=\"").append(bottom + 16).append("\">")
                    .append(String.format(Locale.ROOT, "%.0f s", tMax * k / 5.0 / 1000)).append("</text>");
        }
        String[][] series = {{"sent", "#999"}, {"done", "#2e7d32"}, {"in flight", "#4e79a7"}};
        for (int sIdx = 0; sIdx < series.length; sIdx++) {
            StringBuilder pts = new StringBuilder();
            for (OrderDemo.Tick t : ticks) {
                int v = sIdx == 0 ? t.sent() : sIdx == 1 ? t.done() : t.inFlight();
                double x = left + (right - left) * (double) t.atMillis() / tMax;
                double y = bottom - (bottom - top) * (double) v / yMax;
                pts.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            }
            h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(series[sIdx][1]).append("\" points=\"")
                    .append(pts).append("\"/>");
            h.append("<rect x=\"").append(left + sIdx * 110).append("\" y=\"").append(height - 16).append("\" width=\"12\" height=\"4\" fill=\"")
                    .append(series[sIdx][1]).append("\"/><text x=\"").append(left + sIdx * 110 + 16).append("\" y=\"").append(height - 10)
                    .append("\">").append(series[sIdx][0]).append("</text>");
        }
        int mark = 0;
        for (OrderDemo.PoisonEvent e : poison) {
            String label = e.what().startsWith("dead-lettered") ? "dead-lettered" : e.what().startsWith("redrive started") ? "redrive"
                    : e.what().startsWith("shipped") ? "poison done" : null;
            if (label == null) {
                continue;
            }
            double x = left + (right - left) * Math.min(1.0, (double) e.atMillis() / tMax);
            String color = label.equals("dead-lettered") ? "#c62828" : label.equals("redrive") ? "#f28e2b" : "#2e7d32";
            h.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(top)
                    .append("\" y2=\"").append(bottom).append("\" stroke=\"").append(color).append("\" stroke-dasharray=\"4 3\"/>");
            h.append("<text x=\"").append(fmt(x + 4)).append("\" y=\"").append(top + 12 + 14 * mark++).append("\" style=\"fill:")
                    .append(color).append("\">").append(label).append("</text>");
        }
        h.append("<rect x=\"").append(left + 360).append("\" y=\"").append(height - 16).append("\" width=\"12\" height=\"4\" fill=\"#c62828\"/>")
                .append("<text x=\"").append(left + 376).append("\" y=\"").append(height - 10).append("\">poison order events</text>");
        h.append("</svg>");
    }

    private static String rect(double x, double y, double w, double hgt, String color) {
        return "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(Math.max(1, w)) + "\" height=\"" + fmt(hgt)
                + "\" rx=\"3\" fill=\"" + color + "\"/>";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
