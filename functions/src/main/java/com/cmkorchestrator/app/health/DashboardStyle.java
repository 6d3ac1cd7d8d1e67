package com.cmkorchestrator.app.health;

/**
 * The dashboard's look: its inline style sheet (the page's Content-Security-Policy allows inline styles and nothing
 * else) and the legend that explains every mark the page uses. Each state has a colour and a word, never a colour
 * alone; on a narrow screen the key rows stack instead of scrolling sideways.
 */
final class DashboardStyle {

    private DashboardStyle() {
    }

    /** The legend, drawn on the page as it is: the marks below are the same classes the page uses. */
    static final String LEGEND = """
            <section class="legend" aria-label="Legend"><h2>Legend</h2><ul>
            <li><span class="swatch Verified"></span> resource <b>Verified</b>: all six conditions hold</li>
            <li><span class="swatch Verified awaiting"></span> <b>Verified</b>, <b>awaiting pickup</b>: the key has a newer version that the service picks up by itself within its window; until then it uses the previous one, which stays enabled</li>
            <li><span class="swatch Converging"></span> <b>Converging</b> or <b>Pending</b>: the app is still working on it, or waits for Azure</li>
            <li><span class="swatch Failed"></span> <b>Failed</b> (a condition is False: a person or an event has to act), or <b>critical</b>: data is or is about to be offline</li>
            <li>conditions, in chain order: <span class="pill True">True</span> holds (<span class="pill True awaiting">dashed</span>: awaiting pickup), <span class="pill Waiting">Waiting</span> in progress or waiting, <span class="pill False">False</span> needs action; the message of each one that does not hold is written under the chain</li>
            <li>versions, newest first: <span class="version current">newest</span> the key's newest version, <span class="version used">in use &#9679;</span> a resource uses it</li>
            </ul></section>""";

    static final String CSS = """
            *{box-sizing:border-box}
            body{font:14px system-ui,sans-serif;margin:16px;color:#1b1f24;background:#f6f8fa;max-width:100%}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0 0 8px}
            .meta{color:#57606a;font-size:12px}.label{color:#57606a;font-size:11px;text-transform:uppercase}
            .badge{font-size:12px;padding:2px 8px;border-radius:10px;color:#fff}
            .badge.Healthy{background:#1a7f37}.badge.Degraded{background:#9a6700}.badge.Critical{background:#cf222e}
            .hsm,.legend{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;margin:12px 0}
            .legend ul{margin:0;padding-left:18px}.legend li{margin:3px 0}
            .swatch{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:middle;border:1px solid #d0d7de}
            .swatch.Verified{background:#1a7f37}.swatch.Converging{background:#9a6700}.swatch.Failed{background:#cf222e}
            .row{display:flex;flex-wrap:wrap;align-items:flex-start;gap:8px;border-top:1px dashed #d0d7de;padding:8px 0}
            .col{flex:0 0 auto;min-width:0}.key{width:140px}.versions{width:170px}.resources{flex:1 1 320px}
            .arrow{font-size:20px;color:#8c959f;padding-top:10px}
            .version{display:inline-block;font-family:monospace;border:1px solid #d0d7de;border-radius:4px;padding:1px 4px;margin:2px 0}
            .versions .version{display:block}
            .version.current{border-color:#0969da;font-weight:bold}.version.used{background:#ddf4ff}
            .card{border:1px solid #d0d7de;border-left:6px solid #8c959f;border-radius:6px;padding:6px 8px;margin:4px 0;background:#fff}
            .card.Verified{border-left-color:#1a7f37}.card.Converging,.card.Pending{border-left-color:#9a6700}
            .card.Failed,.card.critical{border-left-color:#cf222e}.card.awaiting{border-left-style:dashed}
            .swatch.awaiting{background:repeating-linear-gradient(45deg,#1a7f37 0 3px,#fff 3px 6px)}
            .phase{font-weight:bold}.phase.Verified{color:#1a7f37}.phase.Converging,.phase.Pending{color:#9a6700}
            .phase.Failed,.phase.critical{color:#cf222e}
            .chain{margin:4px 0}.pill{display:inline-block;font-size:11px;padding:1px 6px;margin:1px;border-radius:8px;border:1px solid transparent}
            .pill.True{background:#dafbe1;border-color:#1a7f37}.pill.awaiting{border-style:dashed}.pill.Waiting{background:#fff8c5;border-color:#9a6700}
            .pill.False{background:#ffebe9;border-color:#cf222e}
            .unmet{margin:4px 0 0;padding-left:18px;font-size:12px}.unmet li{margin:2px 0}
            .why,.unmet,.cause,.finding,.meta,.target{overflow-wrap:anywhere}
            .cause{font-size:12px;color:#57606a;margin-top:4px}
            .finding{font-size:12px;margin:2px 0}.finding.CRITICAL{color:#cf222e}.finding.WARNING{color:#9a6700}
            @media (max-width:700px){.row{flex-direction:column}.arrow{display:none}.key,.versions,.resources{width:100%;flex:1 1 auto}}
            """;
}
