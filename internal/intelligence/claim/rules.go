package claim

import (
	"regexp"
	"strings"
	"sync"
)

// lazyRegexp compiles expr on first use: most runs read no comment.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// Bot commands. A command is the whole comment or a line of its own, as
// the bots (Prow, pandas' and NumPy's take, OpenVINO's .take, rustbot,
// zulipbot, Algora) read them.
var (
	// reSelfCommand assigns the commenter: "/assign", "/assign me",
	// "/claim", "take", ".take", "!assign", "/attempt #12", "/intern-assign".
	reSelfCommand = lazyRegexp(`(?im)^\s*[/!.]?\s*(?:[a-z]+-)?(?:assign|claim|take|attempt)(?:-issue)?(?:\s+(?:me|myself|this|it))?(?:\s+#?\d+[a-z]*(?:\s+\w+)?)?\s*[.!]*\s*$`)
	// reAssignTarget is "/assign @login" or "/assign login": whom it names
	// decides whether the commenter claims or hands the issue on.
	reAssignTarget = lazyRegexp(`(?im)^\s*(?:yep\s+)?/assign\s+@?([a-z0-9][a-z0-9-]*)`)
	// reBotClaim is "@rustbot claim", "@zulipbot claim", "@bot assign me",
	// "claim @zulipbot".
	reBotClaim = lazyRegexp(`(?im)(?:^|\s)@[a-z0-9-]+(?:\[bot\])?\s+(?:claim(?:-issue)?|take|assign\s+me|assign)\b|^\s*claim\s+@[a-z0-9-]+\s*$`)
	// reBotAssign is "@bot assign @login": the bot assigns whom it names.
	reBotAssign = lazyRegexp(`(?im)(?:^|\s)@[a-z0-9-]+(?:\[bot\])?\s+assign\s+@?([a-z0-9][a-z0-9-]*)`)
	// reRelease gives an issue up: "/unassign", "@zulipbot abandon",
	// "unclaim", "disclaim", "untake", "/reset".
	reRelease = lazyRegexp(`(?im)^\s*(?:[/!.]|@[a-z0-9-]+\s+)(?:[a-z]+-)?(?:unassign|unclaim|abandon|disclaim|untake|release|reset)\b|^\s*(?:unassign|unclaim|disclaim|untake|abandon)(?:\s+me)?\s*[.!]*\s*$`)
)

// botAuthor reports logins of bots: their comments confirm or remind,
// they never claim for themselves.
func botAuthor(login string) bool {
	l := strings.ToLower(login)
	return strings.HasSuffix(l, "[bot]") || strings.HasSuffix(l, "bot") || strings.HasSuffix(l, "-bot")
}

// commandVerdict settles comments that are bot commands; ok is false when
// the comment is not one and the model must read it.
func commandVerdict(text, author string) (claim bool, phrase string, ok bool) {
	if m := reRelease().FindString(text); m != "" {
		return false, strings.TrimSpace(m), true
	}
	if m := reAssignTarget().FindStringSubmatch(text); m != nil {
		self := m[1] == "me" || m[1] == "myself" || (author != "" && strings.EqualFold(m[1], author))
		return self, strings.TrimSpace(m[0]), true
	}
	if m := reBotAssign().FindStringSubmatch(text); m != nil && m[1] != "me" && m[1] != "myself" {
		return author != "" && strings.EqualFold(m[1], author), strings.TrimSpace(m[0]), true
	}
	if m := reBotClaim().FindString(text); m != "" {
		return true, strings.TrimSpace(m), true
	}
	if m := reSelfCommand().FindString(text); m != "" && len(strings.Fields(text)) <= 8 {
		return true, strings.TrimSpace(m), true
	}
	return false, "", false
}

// A cue is a signal that carries across projects: the model weighs it.
type cue struct {
	name string
	// positive cues also give the deciding phrase of a claim.
	positive bool
	re       func() *regexp.Regexp
}

// cues are matched on the lower-cased comment with quotes and code removed.
var cues = []cue{
	{"intent", true, lazyRegexp(`\bi (?:claim|call dibs|reserve)\b|\bdibs\b|\b(?:i'?d|i would|i'd really|i really|i want|i wanna|i wish|i am willing|i'm willing|i'?ll|i will|let me|i can|i could|i'?m going to|i am going to|i'?m gonna|i am gonna|happy to|glad to|love to|would like to|interested in|i'm interested|i am interested|i'?m ready|i am ready|keen to)\b[^.?!\n]{0,40}?\b(?:work|take|pick|handle|tackle|fix|try|do|contribute|solve|implement|give it|have a go|have a look|look into|add|resolve|address|help (?:with|on|fix|solve|implement) (?:this|it|that|the issue)|submit|send|open|raise|create|make|start|update|improve|write|taking|working|picking|doing|finish|give (?:it|this|that)|a (?:shot|try|go|stab|crack))\b`)},
	{"can_i", true, lazyRegexp(`\b(?:can|could|may|shall|mind if|is it ok(?:ay)? if|would it be ok(?:ay)? if)\s+i\s+(?:please\s+|also\s+|just\s+)?(?:work|take|pick|handle|tackle|fix|try|do|solve|be assigned|get assigned|get this|have this|contribute|start|help|grab|claim|attempt|implement|resolve)`)},
	{"assign_me", true, lazyRegexp(`\b(?:as+i?g+n|asign|assgin|assing|asssign)(?:ed)?\b[^.?!\n]{0,40}?\b(?:me|myself)\b|\bme\s+(?:be\s+)?assign|\bassign(?:ed)?\s+(?:it|this|the issue|this issue|this task|the task)?\s*to\s+me\b|\b(?:please|plz|pls|kindly)\s+assign(?:\s+(?:it|this|this issue|the issue|this task))?\s*(?:[.!]|$)|\bi(?:'d| would) (?:like|love) to (?:be|get) assigned\b`)},
	{"wip", true, lazyRegexp(`\b(?:i'?m|i am|i'?ve been|i have been|we'?re|we are)\s+(?:currently\s+|already\s+|now\s+|actively\s+|still\s+)?(?:working|looking)\s+(?:on|into)\b|^\s*(?:(?:currently|already|now|still)\s+)?(?:working on (?:it|this|a fix|the fix)|on it)\b|\bworking on (?:a )?fix\b|^\s*(?:taking|picking up|grabbing|claiming) (?:this|it)\b|\bwork in progress\b|\bwip\b|\bi(?:'ve| have)? (?:just )?started (?:working|on|to|with)\b|\b(?:i'?m )?(?:trying to|going to) fix (?:it|this)\b|\bwill be done (?:soon|shortly|today|tomorrow|this week)\b|\bi'?ll (?:pick|take) (?:this|it)\b|\bi'?m (?:on|taking|picking) (?:it|this)\b|\bi'?m (?:going|gonna) to take\b`)},
	{"pr", true, lazyRegexp(`\b(?:i|i'?ve|i have|i'?ll|i will|i just|i've just|we|we'?ve)\s+(?:just\s+|already\s+|now\s+)?(?:opened|raised|created|submitted|made|sent|open|raise|create|submit|make|send|pushed|put up|filed)\s+(?:up\s+)?(?:a\s+|the\s+|my\s+|an\s+)?(?:draft\s+|quick\s+|small\s+)?(?:pr|pull request|patch|fix|mr|merge request)\b|\b(?:pr|pull request)\s*(?:is|:)?\s*(?:up|ready|here|open|opened)?\s*(?:at|in)?\s*#\d+|\b(?:opened|raised|submitted|created|sent|filed|made)\s+(?:a\s+|the\s+|my\s+|an\s+)?(?:draft\s+|new\s+)?(?:pr|pull request|merge request|#\d+)|\b(?:pr|pull request|patch|fix)\s+(?:is\s+|has been\s+)?(?:submitted|opened|raised|created|sent)\b|\b(?:fixed|fix is|fix|addressed|resolved)\s+(?:in|by|with|via|at)\s+(?:#\d+|my |a |the |this )?(?:pr|pull request|#\d+|url)|\bsee (?:my )?(?:pr|pull request)\b|\bsend (?:the|a) pr\b`)},
	{"es", true, lazyRegexp(`\b(?:puedo|podr[ií]a|quiero|quisiera|me gustar[ií]a|me encantar[ií]a)\b[^.?!\n]{0,30}?\b(?:trabajar|tomar|encargarme|hacer|resolver|contribuir|ayudar|echar|arreglar)|\b(?:as[ií]g?na(?:me|rme)|me lo (?:puedes|pueden|podr[ií]as) asignar|estoy (?:trabajando|en ello|con esto|haciendo)|me (?:encargo|apunto|pongo)|yo (?:lo|me lo) (?:hago|tomo|arreglo|resuelvo)|lo tomo)\b`)},
	{"pt", true, lazyRegexp(`\b(?:posso|poderia|quero|gostaria|queria)\b[^.?!\n]{0,30}?\b(?:trabalhar|pegar|fazer|resolver|contribuir|ajudar|assumir|corrigir)|\b(?:me atribu|atribu(?:a|ir|i) (?:pra|para|a) mim|estou (?:trabalhando|fazendo|resolvendo|mexendo)|t[oô] (?:fazendo|trabalhando)|vou (?:fazer|resolver|trabalhar|pegar|abrir um pr)|eu (?:faço|pego|resolvo|assumo))`)},
	{"fr", true, lazyRegexp(`\bje (?:peux|pourrais|voudrais|veux|souhaite|vais|compte)\s+(?:bien\s+)?(?:m'en|m'y|m'occuper|le |la |les |l'|y |faire|prendre|travailler|corriger|essayer|régler|proposer|ouvrir|contribuer|soumettre|envoyer|regarder)|\bj'aimerais\s+(?:bien\s+)?(?:travailler|m'en|m'occuper|contribuer|prendre|le |la |faire|corriger|essayer)|\bje (?:prends|m'en (?:occupe|charge|occuperai)|m'occupe|m'y (?:mets|colle)|travaille (?:dessus|sur|là-dessus))|\bassigne[zr]?[- ]moi\b|\bm'assigner\b|\bpuis-je (?:m'en|le |la |prendre|travailler|corriger|m'occuper)`)},
	{"de", true, lazyRegexp(`\bich (?:würde|möchte|will|kann|könnte|werde)\s+(?:\S+\s+){0,4}?(?:übernehmen|machen|beheben|fixen|arbeiten|erledigen|kümmern|versuchen|einreichen|beitragen|bearbeiten|angehen)|\bich (?:übernehme|kümmere mich|arbeite (?:daran|dran|an)|mache das|nehme (?:das|es|mich))|\b(?:kann|darf) ich (?:\S+\s+){0,3}?(?:übernehmen|machen|beheben|bearbeiten|arbeiten|haben)|\bmir zu(?:weisen|geteilt)|\bweis(?:e|t) (?:es|das|mir)`)},
	{"zh", true, lazyRegexp(`我来|我(?:可以|能|想|愿意|打算|准备)(?:来)?(?:做|试|修|处理|认领|领取|提交|帮忙|负责|尝试|参与|接|解决|实现|贡献|翻译)|我正在|我在做|认领|领取|分配给我|交给我|我试试|已提交|提交了\s*pr|已翻译|我负责|我接了`)},
	{"other_lang", true, lazyRegexp(`やります|担当します|取り組みます|対応します|제가\s*(?:하겠|작업|맡)|할게요|могу (?:я )?(?:взять|сделать|заняться)|возьму|беру (?:на себя|это)|займусь|работаю над|posso (?:lavorare|occuparmi|prendere)|me ne occupo|vorrei (?:lavorare|occuparmi)`)},
	{"status_question", false, lazyRegexp(`\b(?:is|are)\s+(?:any(?:one|body)|some(?:one|body)|you|they|people|u)\s+(?:else\s+)?(?:still\s+|already\s+|currently\s+|actively\s+)?(?:working|assigned|on it|doing)\b|\bany (?:update|updates|progress|news)\b|\bstill (?:open|available|valid|relevant|here|active)\b|\bhas (?:this|it) been (?:resolved|fixed)\b|alguien (?:est[aá]|esta)|algu[eé]m (?:est[aá]|j[aá])|quelqu'un (?:travaille|s'en occupe)|arbeitet (?:schon |bereits )?jemand|有人在|还有.*吗`)},
	{"withdraw", false, lazyRegexp(`\b(?:no longer|not able to|unable to|can'?t (?:continue|finish|work|get to)|cannot (?:continue|finish|work)|won'?t be able|don'?t have (?:the |enough )?time|do not have (?:the |enough )?time|not have (?:enough )?time|unassign(?:ing)? myself|remove myself|give (?:it|this) up|giving (?:it|this) up|drop (?:it|this)|i will drop|step(?:ping)? (?:back|down|away)|someone else can|anyone else can|up for grabs|not working on|i quit|no time)\b|放弃|取消认领`)},
	{"handoff", false, lazyRegexp(`^\s*@[a-z0-9-]+\s*,?\s+(?:assigned|assigning|go ahead)\b|@[a-z0-9-]+\s+(?:you are|you're|you have been|has been|is|are)\s+(?:now\s+)?assigned|\bassigned (?:to )?@|\bassigning (?:you|@|it to @)|\b(?:go ahead|go right ahead|you can (?:work|start|take|proceed|go)|assigned you|i'?ve assigned|you are now assigned|you're now assigned|all yours|it's yours|is yours|this is your task|feel free to (?:work|take|give)|you may (?:start|proceed))\b`)},
	{"conditional", true, lazyRegexp(`\b(?:if|unless)\s+(?:not|no ?one|nobody|no-one|it'?s (?:free|available|not taken)|(?:you'?re|you are|they'?re|they are) not|(?:someone|somebody|anyone|anybody) (?:else )?(?:is|has|already))\b[^?!\n]{0,60}?\b(?:i'?d|i'?ll|i would|i will|i can|i could|i'm happy|let me|i want|i'd like)\b`)},
	{"wish", false, lazyRegexp(`\b(?:would|'d) (?:love|like) to see\b|\bi (?:want|need|wish) (?:this|that|the) (?:feature|to be|fixed|too)|\bwould be (?:nice|great|cool|awesome|helpful)\b|(?:^|\s)\+1\b|\bsame (?:here|issue|problem|for me)\b|\bme too\b`)},
	{"support", false, lazyRegexp(`\b(?:happy|glad|willing) to (?:review|help review|test|answer)|\b(?:can|could|will|'ll|would) (?:help )?(?:review|test)\b|\blet me know if\b|\bif you (?:need|have) (?:any )?(?:help|questions)|\bonce (?:it|this|that) (?:lands|is merged|gets merged)`)},
	{"behalf", false, lazyRegexp(`\bassign(?:ed)?\s+(?:it\s+|this\s+|the issue\s+|this issue\s+)?to\s+@|\bassign\s+@[a-z0-9-]+|\b(?:she|he|they|@[a-z0-9-]+)\s+(?:wants|would like|is going|are going|will|is|are)\s+(?:to\s+)?(?:work|take|working|taking)`)},
	{"advice", false, lazyRegexp(`\b(?:please (?:don'?t|do not|make sure|wait|read)|make sure|you should|you need to|(?:don'?t|do not) need to|no need to|just (?:start|comment|pick|ask|go|open|send|submit)|next time|don'?t forget|find an issue|look for (?:issues|other)|other issues|before (?:asking|you start|starting|opening))\b`)},
	{"third_party", false, lazyRegexp(`@[a-z0-9-]+\s+(?:has|have|had)\s+(?:already\s+)?(?:opened|submitted|created|raised|made|sent|fixed|a pr)|\b(?:there'?s|there is|there are) already (?:a|an|an open|some)?\s*(?:pr|pull request|fix|patch)|@[a-z0-9-]+\s+(?:is|are|was|has been)\s+(?:already\s+|currently\s+|still\s+|now\s+)?(?:working|on it|assigned|looking into)|\b(?:he|she|they|someone|somebody|someone else)\s+(?:is|are|was)\s+(?:already\s+|currently\s+)?(?:working|on it)`)},
	{"thanks", false, lazyRegexp(`^\s*(?:thanks|thank you|thx|lgtm|looks good|merged|closing|closed|done|sounds good|ok(?:ay)?|sure|yes|yep|agreed)\b`)},
}

// cueMatches returns the names of the cues text shows, and the first
// positive cue's matched phrase.
func cueMatches(text string) (names []string, phrase string) {
	for _, c := range cues {
		loc := c.re().FindStringIndex(text)
		if loc == nil {
			continue
		}
		names = append(names, c.name)
		if c.positive && phrase == "" {
			phrase = text[loc[0]:loc[1]]
		}
	}
	return names, phrase
}
