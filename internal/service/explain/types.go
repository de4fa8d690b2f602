package explain

import intel "github.com/oss-dev/oss-dev/internal/intelligence/explain"

// The report's types, named here so the CLI layer can render them without
// reaching into the intelligence layer.
type (
	// Report is the structural explanation.
	Report = intel.Report
	// Symbol is one declaration of the outline.
	Symbol = intel.Symbol
)

// Kinds of target and reasons a test file is listed.
const (
	KindFile        = intel.KindFile
	KindFolder      = intel.KindFolder
	KindSymbol      = intel.KindSymbol
	KindLink        = intel.KindLink
	ReasonName      = intel.ReasonName
	ReasonPackage   = intel.ReasonPackage
	ReasonReference = intel.ReasonReference
)
