// Package faults holds Relance's fault tests: real `relance serve`
// processes killed with SIGKILL, several servers on one PostgreSQL, SMTP
// servers that refuse, stall and drop, PostgreSQL restarted under load, and
// the security walk over every route. Everything is in _test.go files; see
// RELIABILITY.md at the repository root for what each test promises.
//
// RELANCE_LONG=1 runs the long form (more reminders, more kills);
// RELANCE_PG_RESTART=1 runs the test that restarts the PostgreSQL server.
package faults
