module kiln.test/guest

go 1.19
