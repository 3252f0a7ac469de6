package say

import (
	"strings"
	"time"

	"tend/app"
	"tend/internal/i18n"
)

// ChildEnd says how a check or a rescue in a child process ended, for the
// details a technical helper reads: in the language in use, with what the
// system and the child wrote kept as they wrote it.
func ChildEnd(e app.ChildEnd) string {
	var how string
	switch {
	case e.NoProgram != "":
		return i18n.L("Tend could not find its own program file: {{.Reason}}", i18n.Data{"Reason": e.NoProgram})
	case e.Rescue:
		how = rescueEnd(e)
	case e.Timeout >= time.Minute:
		how = i18n.N("The check did not finish within {{.Count}} minutes.", int(e.Timeout.Minutes()))
	case e.Timeout > 0:
		how = i18n.N("The check did not finish within {{.Count}} seconds.", int(e.Timeout.Seconds()))
	case e.Abnormal != "":
		how = i18n.L("The check ended abnormally: {{.Reason}}", i18n.Data{"Reason": e.Abnormal})
	default:
		how = i18n.L("The check ended with status {{.Status}}.", i18n.Data{"Status": e.Status})
	}
	if e.Output != "" {
		how += "\n" + e.Output
	}
	return how
}

// rescueEnd says how a rescue in a child process ended, as ChildEnd says
// a check's end.
func rescueEnd(e app.ChildEnd) string {
	switch {
	case e.Timeout >= time.Minute:
		return i18n.N("The rescue did not finish within {{.Count}} minutes.", int(e.Timeout.Minutes()))
	case e.Timeout > 0:
		return i18n.N("The rescue did not finish within {{.Count}} seconds.", int(e.Timeout.Seconds()))
	case e.Abnormal != "":
		return i18n.L("The rescue ended abnormally: {{.Reason}}", i18n.Data{"Reason": e.Abnormal})
	}
	return i18n.L("The rescue ended with status {{.Status}}.", i18n.Data{"Status": e.Status})
}

// StoreUnopened says, after a sentence saying the store did not open, why
// a check could not open it: how the child
// that tried ended (nil when that is not known), and why the store's files
// could not be read directly either (empty when they could).
func StoreUnopened(ended *app.ChildEnd, unread string) string {
	var lines []string
	if ended != nil {
		lines = append(lines, ChildEnd(*ended))
	}
	if unread != "" {
		lines = append(lines, i18n.L("Its files could not be read either: {{.Reason}}", i18n.Data{"Reason": unread}))
	}
	return strings.Join(lines, "\n")
}

// rescueProblem says why a rescue left the journal as it was.
func rescueProblem(e *app.RescueError) string {
	if e.Ended != nil {
		return i18n.L("the rescue did not finish") + ". " + ChildEnd(*e.Ended)
	}
	return i18n.L("the rescue found nothing it could read, so your journal was left exactly as it is")
}
