# SPDX-License-Identifier: GPL-2.0-only
# gnuplot -e "dir='lab-07'" time-wait.gp: the client's sockets in TIME_WAIT over time, one
# line per MSL, from the msl-*.dat files run.sh extracts from each run's state-counts.csv.
set terminal pngcairo noenhanced size 900,520 font ",11"
set output dir . '/time-wait.png'
set title "TIME_WAIT pile-up: 200 connections, 20 per second (client node)"
set xlabel "simulated time (s)"
set ylabel "sockets in TIME_WAIT"
set key top right
set grid
set xrange [0:75]
set yrange [0:220]
plot dir . '/msl-1s.dat' using 1:2 with steps lw 2 title "Msl 1 s (2 MSL = 2 s)", \
     dir . '/msl-2s.dat' using 1:2 with steps lw 2 title "Msl 2 s (2 MSL = 4 s)", \
     dir . '/msl-30s.dat' using 1:2 with steps lw 2 title "Msl 30 s (2 MSL = 60 s)"
