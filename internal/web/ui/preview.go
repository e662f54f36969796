package ui

import "github.com/relance-app/relance/internal/engine"

// Preview is a template rendered on a real invoice, as the engine would send
// it: subject, plain text, and the full branded HTML document.
type Preview = engine.Preview
