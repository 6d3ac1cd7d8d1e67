package com.cmkorchestrator.app.bridge;

import java.util.ArrayList;
import java.util.List;

/** What one bridge run did: for the function log and for tests. Filled in by the run, then read. */
public final class BridgeReport {

    private int hsms;
    private int keys;
    private final List<String> published = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    void polledHsm() {
        hsms++;
    }

    void polledKey() {
        keys++;
    }

    void published(BridgedKeyEvent event) {
        published.add(event.id().toString());
    }

    void problem(String problem) {
        problems.add(problem);
    }

    public int hsms() {
        return hsms;
    }

    public int keys() {
        return keys;
    }

    /** The events this run published, e.g. {@code KeyNewVersionCreated for contoso-hsm/cmk/0a1b}. */
    public List<String> published() {
        return List.copyOf(published);
    }

    /** What went wrong (an HSM not reachable, a publish refused); each is retried next run. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public String toString() {
        return "polled " + keys + " key(s) of " + hsms + " HSM(s); published " + published.size()
                + (published.isEmpty() ? "" : " " + published) + (problems.isEmpty() ? "" : "; problems: " + problems);
    }
}
