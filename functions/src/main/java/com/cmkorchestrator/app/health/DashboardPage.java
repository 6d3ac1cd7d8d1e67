package com.cmkorchestrator.app.health;

import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;
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
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>cmk-orchestrator</title><style>").append(DashboardStyle.CSS).append("</style></head><body>");
        html.append("<h1>cmk-orchestrator <span class=\"badge ").append(esc(report.status())).append("\">")
                .append(esc(report.status())).append("</span></h1>");
        HealthReport.Counts c = report.bindings();
        html.append("<p class=\"meta\">").append(c.total()).append(" binding(s): ").append(c.verified())
                .append(" verified, ").append(c.converging()).append(" converging, ").append(c.failed())
                .append(" failed, ").append(c.pending()).append(" pending · ").append(report.poisonedWorkItems())
                .append(" poisoned work item(s) · generated ").append(esc(String.valueOf(report.generatedAt())))
                .append(" (the app's time)</p>");
        Map<String, List<HealthReport.BindingHealth>> byHsm = new LinkedHashMap<>();
        report.hsms().forEach(hsm -> byHsm.computeIfAbsent(hsm.name(), k -> new ArrayList<>()));
        report.items().forEach(item -> byHsm.computeIfAbsent(item.hsm(), k -> new ArrayList<>()).add(item));
        for (Map.Entry<String, List<HealthReport.BindingHealth>> hsm : byHsm.entrySet()) {
            hsm(html, hsm.getKey(), hsm.getValue(), report, watermarks.apply(hsm.getKey()));
        }
        if (byHsm.isEmpty()) {
            html.append("<p>No bindings yet: <code>POST /api/bindings</code> declares one.</p>");
        }
        conflicts(html, report.slotConflicts());
        retired(html, report.retiredVersions());
        rejected(html, report.rejectedDeliveries());
        html.append(DashboardStyle.LEGEND);
        return html.append("</body></html>").toString();
    }

    private static void hsm(StringBuilder html, String hsm, List<HealthReport.BindingHealth> items, HealthReport report,
                            List<KeyWatermark> watermarks) {
        html.append("<section class=\"hsm\"><h2>Managed HSM <b>").append(esc(hsm)).append("</b></h2>");
        report.hsms().stream().filter(h -> h.name().equalsIgnoreCase(hsm)).findFirst().ifPresent(h -> {
            html.append("<p class=\"meta\">").append(h.requested() ? "requested through POST /api/hsms" : "deployed "
                    + "outside the app").append(" · used by ").append(h.bindings().size()).append(" binding(s)");
            if (h.ready() != null) {
                html.append(" · ").append(pill(h.ready())).append(' ').append(esc(h.ready().status().json()))
                        .append('/').append(esc(h.ready().reason().json()));
            }
            html.append("</p>");
            if (h.ready() != null && !h.ready().isTrue()) {
                html.append("<div class=\"why\">").append(esc(h.ready().message())).append("</div>");
            }
        });
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
        boolean awaiting = item.conditions().stream().anyMatch(DashboardPage::awaitingPickup);
        String state = esc(item.phase()) + (item.critical() ? " critical" : "") + (awaiting ? " awaiting" : "");
        html.append("<div class=\"card ").append(state).append("\" data-binding=\"").append(esc(item.name()))
                .append("\"><div><b>").append(esc(item.name())).append("</b> <span class=\"phase ").append(state)
                .append("\">").append(esc(item.phase())).append(item.critical() ? " · critical" : "")
                .append(awaiting ? " · awaiting pickup" : "")
                .append("</span> <span class=\"meta\">").append(esc(item.kind())).append(" · ")
                .append(esc(item.versionPolicy())).append("</span></div><div class=\"meta target\">")
                .append(esc(lastSegment(item.target()))).append("</div><div class=\"meta\">");
        item.versions().stream().filter(VersionUse::inUse).forEach(v -> html.append(esc(v.slot().json())).append(" &rarr; ")
                .append(esc(shortVersion(v.version()))).append(" "));
        html.append("</div><div class=\"chain\">");
        item.conditions().forEach(condition -> html.append(pill(condition)));
        html.append("</div>");
        // every condition that does not hold says why, and so does one that holds while Azure has yet to catch up
        List<Condition> noted = item.conditions().stream()
                .filter(condition -> !condition.isTrue() || awaitingPickup(condition)).toList();
        if (!noted.isEmpty()) {
            html.append("<ul class=\"unmet\">");
            noted.forEach(condition -> html.append("<li><b>").append(esc(condition.type().json())).append("</b> ")
                    .append(esc(condition.status().json())).append('/').append(esc(condition.reason().json()))
                    .append(": ").append(esc(condition.message())).append("</li>"));
            html.append("</ul>");
        }
        item.findings().forEach(f -> html.append("<div class=\"finding ").append(esc(f.severity().name())).append("\">")
                .append(esc(f.severity().name())).append(": ").append(esc(f.message())).append("</div>"));
        if (item.cause() != null) {
            html.append("<div class=\"cause\">last pass ").append(esc(String.valueOf(item.observedAt())))
                    .append(", caused by ").append(esc(item.cause())).append("</div>");
        }
        html.append("</div>");
    }

    /** Verified, on a version the service is about to leave by itself: nothing to do, but worth a look. */
    private static boolean awaitingPickup(Condition condition) {
        return condition.isTrue() && condition.reason() == Reason.AWAITING_PICKUP;
    }

    private static String pill(Condition condition) {
        return "<span class=\"pill " + esc(condition.status().json()) + (awaitingPickup(condition) ? " awaiting" : "")
                + "\" title=\"" + esc(condition.status().json()
                + "/" + condition.reason().json() + ": " + condition.message()) + "\">" + esc(condition.type().json())
                + "</span>";
    }

    /** Key slots two bindings declare: neither writes until a person deletes one. */
    private static void conflicts(StringBuilder html, List<HealthReport.SlotConflict> conflicts) {
        if (conflicts.isEmpty()) {
            return;
        }
        html.append("<section class=\"hsm\" id=\"slot-conflicts\"><h2>Key slots declared by more than one binding</h2>");
        conflicts.forEach(c -> html.append("<div class=\"finding WARNING\">").append(esc(c.slot())).append(" of ")
                .append(esc(c.target())).append(": ").append(esc(String.join(", ", c.bindings())))
                .append(" &mdash; none of them writes until all but one are deleted</div>"));
        html.append("</section>");
    }

    /** Versions retirement disabled, newest first, each with the evidence it rested on. */
    private static void retired(StringBuilder html, List<Finding> retired) {
        if (retired.isEmpty()) {
            return;
        }
        html.append("<section class=\"hsm\" id=\"retired-versions\"><h2>Retired key versions (disabled, never deleted)</h2>");
        for (int i = retired.size() - 1; i >= 0; i--) {
            Finding f = retired.get(i);
            html.append("<div class=\"finding INFO\">").append(esc(String.valueOf(f.at()))).append(" ")
                    .append(esc(f.message())).append("</div>");
        }
        html.append("</section>");
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
}
