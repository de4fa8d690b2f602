// Package claim decides whether one issue comment claims the issue for its
// author: asks to be assigned, says the work is under way, announces a pull
// request, or runs a bot command that assigns the commenter.
//
// Two parts decide. Rules read the commands bots act on (/assign, /claim,
// take, .take, @rustbot claim, @zulipbot claim, /unassign, abandon) and
// settle those comments alone. Every other comment goes to a small logistic
// regression over word and character n-grams and over cue features that
// carry across projects and languages (first-person intent, requests to be
// assigned, work in progress, an opened pull request, questions about
// status, withdrawals, a maintainer handing the issue to someone else). The
// model is trained by ./train on the labelled comments in testdata, is
// embedded, and is decoded on first use only.
package claim
