# tests/dwarf-call-values.awk: an independent reading of llvm-dwarfdump
# --debug-info output. Prints, for every DWARF call site whose callee is
# named CALLEE, the constant argument values recorded ("1=const:0
# 3=const:32"), one line a site, arguments in order. ABI: x86_64 or
# aarch64 (the argument registers: rdi rsi rdx rcx r8 r9, or x0-x7).
function hexval(s,    i, c, v) {
	v = 0
	s = tolower(s)
	if (substr(s, 1, 2) != "0x")
		return s + 0
	for (i = 3; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
function flush(    k, out) {
	if (insite) {
		out = ""
		for (k = 1; k <= 8; k++)
			if (k in val)
				out = out (out == "" ? "" : " ") k "=const:" val[k]
		if (out != "")
			print out
	}
	insite = 0
	split("", val)
}
BEGIN {
	if (ABI == "x86_64") {
		arg["5"] = 1; arg["4"] = 2; arg["1"] = 3; arg["2"] = 4
		arg["8"] = 5; arg["9"] = 6
	} else {
		for (k = 0; k < 8; k++)
			arg[k ""] = k + 1
	}
}
/^0x[0-9a-f]+: +DW_TAG_/ {
	die = $1; sub(":", "", die)
	tag = $2
	if (tag != "DW_TAG_call_site_parameter")
		flush()
	if (tag == "DW_TAG_call_site")
		pending = 1
	else
		pending = 0
	next
}
/DW_AT_name/ && $0 ~ "\"" CALLEE "\"" { target[die] = 1 }
/DW_AT_call_origin/ && pending {
	o = $2; gsub(/[()]/, "", o)
	if (o in target)
		insite = 1
}
/DW_AT_location/ && tag == "DW_TAG_call_site_parameter" {
	reg = ""
	if (match($0, /DW_OP_reg[0-9]+ /)) {
		reg = substr($0, RSTART + 9, RLENGTH - 10)
	}
}
/DW_AT_call_value/ && insite && (reg in arg) {
	if (match($0, /\(DW_OP_lit[0-9]+\)/))
		val[arg[reg]] = substr($0, RSTART + 10, RLENGTH - 11) + 0
	else if (match($0, /\(DW_OP_const[1248]u 0x[0-9a-f]+\)/)) {
		split(substr($0, RSTART + 1, RLENGTH - 2), w, " ")
		val[arg[reg]] = hexval(w[2])
	}
}
END { flush() }
