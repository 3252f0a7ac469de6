module early.tend/locale

go 1.26.0
