package core

import "math"

var mathLog, mathExp = math.Log, math.Exp
