/**
 * The conformance expectations are Node 20's own REPL output (the issue's reference),
 * recorded on Node 20. balrog's REPL is built on the running Node's node:repl and
 * util.inspect, which print differently on later majors (error texts, a '| '
 * continuation prompt on 24+, completion candidates), so the comparison runs on
 * the major the expectations were recorded on; the rest of test/repl runs on all.
 */
export const recordedMajor = 20;

/** false on Node 20; otherwise the reason the conformance comparisons are skipped. */
export const notRecordedMajor: false | string =
  Number(process.versions.node.split('.')[0]) === recordedMajor
    ? false
    : `the expected output is Node ${recordedMajor}'s own REPL output; this is Node ${process.versions.node}`;
