package com.cmkorchestrator.app.events;

/**
 * Reads one Event Grid delivery into the events this app handles: the port behind which Event Grid's wire formats
 * (its own schema and CloudEvents 1.0) stay in the adapters.
 */
public interface GridEventReader {

    /**
     * @param delivery one event, or an array holding exactly one (the Functions host hands events over one at a time)
     * @throws MalformedEventException saying what is wrong, when the delivery cannot be read (reading it again
     *                                 cannot help)
     */
    GridEvent read(String delivery);
}
