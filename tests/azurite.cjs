// Starts Azurite (the project's own, from node_modules) with the arguments given, as `node azurite.js` would, with one
// change: its queue service sweeps the extents of deleted messages every second instead of every minute.
//
// Why: Azurite's queue GC removes each unreferenced extent from a LokiJS collection one by one, and LokiJS rebuilds
// the collection's index after each removal. A scaled-out run deletes thousands of messages a minute, so the sweep
// each minute blocked Azurite's one event loop (table, queue and blob alike) for 3 to 17 s, growing with the run
// (node --cpu-prof: MemoryExtentStore.deleteExtents -> Collection.ensureIndex, on a timer). Real Storage has no such
// pause; every host stood still while it lasted, and the scale benchmark counted it as the app's time. Swept every
// second, each sweep removes a second's extents from a collection that never grows large. Azurite has no option
// for the interval: its GC manager reads this constant when the queue service starts, so it is set before that.
"use strict";

const queueConstants = require("azurite/dist/src/queue/utils/constants");

queueConstants.DEFAULT_GC_INTERVAL_MS = 1000;

require("azurite/dist/src/azurite.js");
