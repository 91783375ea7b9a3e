package expr

import "math"

func nanValue() float64 { return math.NaN() }

func infValue(sign int) float64 { return math.Inf(sign) }
