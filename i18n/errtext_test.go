package i18n

import (
	"errors"
	"fmt"
	"testing"

	"github.com/accord-org/accord"
)

// TestErrorText shows the message a reader of each language sees: the
// format translated by the error catalogs, its arguments filled in (a
// meeting by its roman number, as the secretariat knows it; a role by its
// name in the reader's language; each line of a refused file), a record not found named by its kind
// without its internal key, and an internal error's text never shown.
func TestErrorText(t *testing.T) {
	delegation := accord.Conflict("states", "%s already has a delegation at meeting %s", "PK", accord.Roman(23))
	longer := accord.Invalid("reason", "is longer than %d characters", 500)
	role := accord.Invalid("key", "is required for the role %s", accord.RoleHeadOfDelegation)
	missing := accord.NotFound("meeting", 16)
	typed := accord.Invalid("role", "%q is not a role", "press")
	lines := accord.Invalid("lines[4].state", "%s", accord.Messages{
		accord.LineError(4, "state", accord.Invalid("state", "%s is not a registered state", "XX")),
		accord.LineError(7, "from", accord.Invalid("from", "%q is not a date of the form YYYY-MM-DD", "2025-13")),
	})
	wrapped := accord.Wrap("get meeting", accord.NotFound("rotation rule of", "SCO/CHS"))
	internal := accord.Wrap("store", errors.New("pq: relation \"meetings\" does not exist"))
	// Refusals that reach a page name what the reader knows there: a
	// meeting by its number, a document by its reference, a file by its
	// name, a request by its place on the list; never a record's id.
	item := accord.Invalid("agenda_item_id", "the agenda item chosen is not on the agenda of meeting %s", accord.Roman(23))
	drafted := accord.Conflict("document", "Document %s is being drafted already.", "SCO/PGM/23/PROTOCOL")
	file := accord.Conflict("attachment", "the file %s is withdrawn already", "protocol-ru.pdf")
	asked := accord.Conflict("state", "the state has asked already: it is number %d on the speakers list", 3)
	gone := accord.Invalid("meeting_id", "the meeting chosen does not exist any more: choose another")
	otherBody := accord.Invalid("meeting_id", "the meeting chosen is not a meeting of %s", "SCO PGM")
	for _, c := range []struct {
		name string
		err  error
		lang string
		want string
	}{
		{"delegation conflict", delegation, "en", "PK already has a delegation at meeting XXIII"},
		{"delegation conflict", delegation, "ru", "PK: делегация на совещании XXIII уже зарегистрирована"},
		{"delegation conflict", delegation, "zh", "PK已有出席第XXIII次会议的代表团。"},
		{"argument", longer, "en", "is longer than 500 characters"},
		{"argument", longer, "ru", "длиннее 500 символов"},
		{"argument", longer, "zh", "超过500个字符"},
		{"role argument", role, "en", "is required for the role head_of_delegation"},
		{"role argument", role, "ru", "обязательно для роли «глава делегации»"},
		{"role argument", role, "zh", "「代表团团长」角色必须填写"},
		{"lines of a file", lines, "en", `line 4, state: XX is not a registered state; line 7, from: "2025-13" is not a date of the form YYYY-MM-DD`},
		{"lines of a file", lines, "ru", `строка 4, state: XX — не зарегистрированное государство; строка 7, from: "2025-13" — не дата вида ГГГГ-ММ-ДД`},
		{"lines of a file", lines, "zh", `第4行，state：XX不是已登记的国家；第7行，from："2025-13"不是 YYYY-MM-DD 格式的日期`},
		{"what the user typed stays as typed", typed, "ru", `"press" — не роль`},
		{"not found", missing, "en", "Meeting not found."},
		{"not found", missing, "ru", "Совещание не найдено."},
		{"not found", missing, "zh", "未找到该会议。"},
		{"not found, wrapped, kind with a tail", wrapped, "en", "Rotation rule not found."},
		{"agenda item of meeting XXIII", item, "en", "the agenda item chosen is not on the agenda of meeting XXIII"},
		{"agenda item of meeting XXIII", item, "ru", "выбранного пункта нет в повестке дня совещания XXIII"},
		{"agenda item of meeting XXIII", item, "zh", "所选议程项目不在第XXIII次会议的议程上"},
		{"document by its reference", drafted, "en", "Document SCO/PGM/23/PROTOCOL is being drafted already."},
		{"document by its reference", drafted, "ru", "Документ SCO/PGM/23/PROTOCOL уже готовится как проект."},
		{"document by its reference", drafted, "zh", "文件SCO/PGM/23/PROTOCOL已在起草中。"},
		{"file by its name", file, "ru", "файл protocol-ru.pdf уже отозван"},
		{"file by its name", file, "zh", "文件「protocol-ru.pdf」已撤回"},
		{"request by its place", asked, "en", "the state has asked already: it is number 3 on the speakers list"},
		{"request by its place", asked, "ru", "государство уже просило слова: оно под номером 3 в списке выступающих"},
		{"request by its place", asked, "zh", "该国已请求发言：在发言名单中排第3位"},
		{"a meeting gone from the form", gone, "ru", "выбранного совещания больше нет: выберите другое"},
		{"a meeting gone from the form", gone, "zh", "所选会议已不存在：请另选一个"},
		{"a meeting of another body", otherBody, "ru", "выбранное совещание не относится к SCO PGM"},
		{"a meeting of another body", otherBody, "zh", "所选会议不是SCO PGM的会议"},
		{"internal", internal, "ru", "An internal error occurred."},
		{"not an accord.Error", fmt.Errorf("boom"), "zh", "An internal error occurred."},
	} {
		if got := ErrorText(c.lang, c.err); got != c.want {
			t.Errorf("%s, %s: errorText = %q, want %q", c.name, c.lang, got, c.want)
		}
	}
}
