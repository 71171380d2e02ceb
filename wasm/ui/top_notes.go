package ui

import "github.com/batchlab/batchlab/wasm/state"

// TopNotes is the wrapper, always there, of the notes above the view
// tabs: the question before a short link, the share link, the notice, the
// restored-draft note, the run's status and the tokenizers' progress.
// Those that come and go are components of their own, built only when
// shown.
type TopNotes struct {
	P *state.Playground
	// ConfirmShare shows the question asked before a short link that
	// uploads prompt text; OnShareTexts, OnShareCounts and OnCancelShare
	// are its answers.
	ConfirmShare                               bool
	OnShareTexts, OnShareCounts, OnCancelShare func()
	// ShareNote is the share box's note ("" for none), ShareLink its link.
	ShareNote, ShareLink string
	// Restored: the scenario shown is the one kept in the browser.
	Restored bool
	// Status is the run's status line.
	Status string
}

// PrivacyConfirm asks before a short link uploads prompt text.
type PrivacyConfirm struct {
	// OnTexts shares the texts, OnCounts token counts only; OnCancel
	// shares nothing.
	OnTexts, OnCounts, OnCancel func()
}

// ShareBox shows a share link (Link, "" for none) under its Note.
type ShareBox struct {
	Note, Link string
}

// Notice shows the playground's notice, which it dismisses.
type Notice struct {
	P *state.Playground
}

// TokensStatus shows the tokenizers' loading and their progress.
type TokensStatus struct {
	P *state.Playground
}
