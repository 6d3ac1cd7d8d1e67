package com.cmkorchestrator.app.health;

import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.VersionUse;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.KeyWatermark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/dashboard}: one self-contained HTML page (inline CSS, no script, nothing external) drawing each
 * HSM, its keys, their versions and the resources bound to them, left to right, with every condition shown as the
 * reconciler left it. Written by hand: a page this size needs no template engine.
 */
public final class DashboardPage {

    /** Versions listed per key; older ones are counted, not drawn. */
    static final int VERSIONS_SHOWN = 6;

    private DashboardPage() {
    }

    /**
     * @param report     the health report
     * @param watermarks the versions the HSM event bridge has seen, per HSM name
     */
    public static String render(HealthReport report, Function<String, List<KeyWatermark>> watermarks) {
        StringBuilder html = new StringBuilder(8_192);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmk-orchestrator</title><style>")
                .append(STYLE).append("</style></head><body>");
        html.append("<h1>cmk-orchestrator <span class=\"badge ").append(esc(report.status())).append("\">")
                .append(esc(report.status())).append("</span></h1>");
        HealthReport.Counts c = report.bindings();
        html.append("<p class=\"meta\">").append(c.total()).append(" binding(s): ").append(c.verified())
                .append(" verified, ").append(c.converging()).append(" converging, ").append(c.failed())
                .append(" failed, ").append(c.pending()).append(" pending · ").append(report.poisonedWorkItems())
                .append(" poisoned work item(s) · generated ").append(esc(String.valueOf(report.generatedAt())))
                .append("</p>");
        Map<String, List<HealthReport.BindingHealth>> byHsm = new LinkedHashMap<>();
        report.items().forEach(item -> byHsm.computeIfAbsent(item.hsm(), k -> new ArrayList<>()).add(item));
        report.hsms().forEach(hsm -> byHsm.computeIfAbsent(hsm.name(), k -> new ArrayList<>()));
        for (Map.Entry<String, List<HealthReport.BindingHealth>> hsm : byHsm.entrySet()) {
            hsm(html, hsm.getKey(), hsm.getValue(), report, watermarks.apply(hsm.getKey()));
        }
        if (byHsm.isEmpty()) {
            html.append("<p>No bindings yet: <code>POST /api/bindings</code> declares one.</p>");
        }
        rejected(html, report.rejectedDeliveries());
        return html.append("</body></html>").toString();
    }

    private static void hsm(StringBuilder html, String hsm, List<HealthReport.BindingHealth> items, HealthReport report,
                            List<KeyWatermark> watermarks) {
        html.append("<section class=\"hsm\"><h2>Managed HSM <b>").append(esc(hsm)).append("</b></h2>");
        report.hsms().stream().filter(h -> h.name().equalsIgnoreCase(hsm) && h.status() != null).findFirst()
                .ifPresent(h -> html.append("<p class=\"meta\">provisioning: ").append(pill(h.status().condition()))
                        .append(" ").append(esc(h.status().condition().message())).append("</p>"));
        Map<String, List<HealthReport.BindingHealth>> byKey = new LinkedHashMap<>();
        items.forEach(item -> byKey.computeIfAbsent(item.key(), k -> new ArrayList<>()).add(item));
        watermarks.forEach(mark -> byKey.computeIfAbsent(mark.key(), k -> new ArrayList<>()));
        for (Map.Entry<String, List<HealthReport.BindingHealth>> key : byKey.entrySet()) {
            List<String> seen = watermarks.stream().filter(m -> m.key().equalsIgnoreCase(key.getKey())).findFirst()
                    .map(KeyWatermark::seenVersions).orElse(List.of());
            keyRow(html, key.getKey(), seen, key.getValue());
        }
        html.append("</section>");
    }

    private static void keyRow(StringBuilder html, String key, List<String> seen, List<HealthReport.BindingHealth> items) {
        Set<String> inUse = new LinkedHashSet<>();
        items.forEach(item -> item.versions().stream().filter(VersionUse::inUse).forEach(v -> inUse.add(v.version())));
        List<String> versions = new ArrayList<>(seen);
        inUse.stream().filter(v -> !versions.contains(v)).forEach(versions::add);
        html.append("<div class=\"row\"><div class=\"col key\"><div class=\"label\">key</div><b>").append(esc(key))
                .append("</b></div><div class=\"arrow\">&rarr;</div><div class=\"col versions\"><div class=\"label\">")
                .append("versions, newest first</div>");
        int shown = 0;
        for (int i = versions.size() - 1; i >= 0 && shown < VERSIONS_SHOWN; i--, shown++) {
            String version = versions.get(i);
            html.append("<div class=\"version").append(i == versions.size() - 1 ? " current" : "")
                    .append(inUse.contains(version) ? " used" : "").append("\" title=\"").append(esc(version)).append("\">")
                    .append(esc(shortVersion(version))).append(inUse.contains(version) ? " &#9679;" : "").append("</div>");
        }
        if (versions.size() > VERSIONS_SHOWN) {
            html.append("<div class=\"meta\">+ ").append(versions.size() - VERSIONS_SHOWN).append(" older</div>");
        }
        html.append("</div><div class=\"arrow\">&rarr;</div><div class=\"col resources\"><div class=\"label\">resources</div>");
        items.forEach(item -> resource(html, item));
        if (items.isEmpty()) {
            html.append("<div class=\"meta\">no binding uses this key</div>");
        }
        html.append("</div></div>");
    }

    private static void resource(StringBuilder html, HealthReport.BindingHealth item) {
        html.append("<div class=\"card ").append(esc(item.phase())).append(item.critical() ? " critical" : "")
                .append("\"><div><b>").append(esc(item.name())).append("</b> <span class=\"meta\">")
                .append(esc(item.kind())).append(" · ").append(esc(item.versionPolicy())).append(" · ")
                .append(esc(item.phase())).append("</span></div><div class=\"meta\">")
                .append(esc(lastSegment(item.target()))).append("</div><div class=\"meta\">");
        item.versions().stream().filter(VersionUse::inUse).forEach(v -> html.append(esc(v.slot().json())).append(" &rarr; ")
                .append(esc(shortVersion(v.version()))).append(" "));
        html.append("</div><div class=\"chain\">");
        item.conditions().forEach(condition -> html.append(pill(condition)));
        html.append("</div>");
        if (item.firstUnmet() != null) {
            html.append("<div class=\"why\">").append(esc(item.firstUnmet().type().json())).append(": ")
                    .append(esc(item.firstUnmet().message())).append("</div>");
        }
        item.findings().forEach(f -> html.append("<div class=\"finding ").append(esc(f.severity().name())).append("\">")
                .append(esc(f.severity().name())).append(": ").append(esc(f.message())).append("</div>"));
        html.append("</div>");
    }

    private static String pill(Condition condition) {
        return "<span class=\"pill " + esc(condition.status().json()) + "\" title=\"" + esc(condition.reason().json()
                + ": " + condition.message()) + "\">" + esc(condition.type().json()) + "</span>";
    }

    private static void rejected(StringBuilder html, List<Finding> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        html.append("<section class=\"hsm\"><h2>Deliveries that could not be read</h2>");
        rejected.forEach(f -> html.append("<div class=\"finding WARNING\">").append(esc(String.valueOf(f.at())))
                .append(" ").append(esc(f.message())).append("</div>"));
        html.append("</section>");
    }

    private static String shortVersion(String version) {
        return version.length() <= 12 ? version : version.substring(0, 12) + "…";
    }

    private static String lastSegment(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /** HTML-escapes text: condition messages carry Azure's words, which may hold anything. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body{font:14px system-ui,sans-serif;margin:24px;color:#1b1f24;background:#f6f8fa}
            h1{font-size:20px}h2{font-size:16px;margin:0 0 8px}
            .meta{color:#57606a;font-size:12px}.label{color:#57606a;font-size:11px;text-transform:uppercase}
            .badge{font-size:12px;padding:2px 8px;border-radius:10px;color:#fff}
            .Healthy{background:#1a7f37}.Degraded{background:#9a6700}.Critical{background:#cf222e}
            .hsm{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;margin:12px 0}
            .row{display:flex;align-items:flex-start;gap:8px;border-top:1px dashed #d0d7de;padding:8px 0}
            .col{flex:0 0 auto}.key{width:140px}.versions{width:170px}.resources{flex:1 1 auto}
            .arrow{font-size:20px;color:#8c959f;padding-top:10px}
            .version{font-family:monospace;border:1px solid #d0d7de;border-radius:4px;padding:1px 4px;margin:2px 0}
            .version.current{border-color:#0969da;font-weight:bold}.version.used{background:#ddf4ff}
            .card{border:1px solid #d0d7de;border-left:4px solid #8c959f;border-radius:6px;padding:6px 8px;margin:4px 0}
            .card.Verified{border-left-color:#1a7f37}.card.Converging,.card.Pending{border-left-color:#9a6700}
            .card.Failed,.card.critical{border-left-color:#cf222e}
            .chain{margin:4px 0}.pill{display:inline-block;font-size:11px;padding:1px 6px;margin:1px;border-radius:8px}
            .pill.True{background:#dafbe1}.pill.Waiting{background:#fff8c5}.pill.False{background:#ffebe9}
            .why{font-size:12px}.finding{font-size:12px;margin:2px 0}.finding.CRITICAL{color:#cf222e}
            .finding.WARNING{color:#9a6700}
            """;
}
