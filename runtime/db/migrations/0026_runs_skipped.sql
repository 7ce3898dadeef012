-- Issue 11 (bulk runs): the automations that did not run on a source document booked once because
-- this run booked it ("already booked by … (higher priority)") are recorded on this run, as a JSON
-- array of { automationId, automationVersion, triggerType, reason }, instead of one run row each.
-- The run list, a line's runs and a run's detail show them as before (runs/runner.ts expands them).
ALTER TABLE `runs` ADD `skipped` text;
