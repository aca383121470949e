# ptbench plot ptl-split-benefit: written by 'ptbench plot', restyle freely.
# Data: 03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.dat. Render: gnuplot 03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.gp (writes 03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.png and 03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.svg).
# Every string below is a single-quoted literal (from the result files).

set encoding utf8
set title 'ptl split benefit (split / shared throughput): level=pte, placement=split, op=fault, pages=64, inject_ns=0' noenhanced
set xlabel 'worker threads' noenhanced
set ylabel 'ratio (ratio)' noenhanced
set grid
set key outside right top noenhanced

set terminal pngcairo size 1000,600 noenhanced font 'sans,10'
set output '03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.png'
plot '03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.dat' index 0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'A', \
     '03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.dat' index 1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'A'

set terminal svg size 1000,600 dynamic noenhanced font 'sans,11'
set output '03-ptl-split-benefit-level_pte__placement_split__op_fault__pages_64__inject_ns_0.svg'
replot
unset output
