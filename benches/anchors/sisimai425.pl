#!/usr/bin/perl
# Anchor for `cargo xtask bench-compare`: Sisimai 4.25 (Debian libsisimai-perl) over the same
# directories `rebound scan` reads, one JSON object per decoded recipient on stdout.
# Usage: perl benches/anchors/sisimai425.pl DIR...
use strict;
use warnings;
use Sisimai;

for my $dir (@ARGV) {
    my $records = Sisimai->make($dir) // [];
    print $_->dump('json'), "\n" for @$records;
}
