@echo off
setlocal
rem Command line of the county marketing workbench, installed beside the app.
rem Runs the bundled CLI (resources\app.asar.unpacked\dist-electron\wb.cjs, which loads cli.cjs) with the app's own
rem executable as Node (ELECTRON_RUN_AS_NODE; the RunAsNode fuse is kept on for this).
rem The CLI writes UTF-8: the console is switched to code page 65001 for the run, so Chinese
rem shows correctly in a Chinese (code page 936) console and in redirected output, then the
rem previous code page is restored. Example: wb.cmd backup --out D:\backup\workbench.db
set "WB_OLDCP="
for /f "tokens=*" %%a in ('chcp') do set "WB_CPLINE=%%a"
for %%b in (%WB_CPLINE%) do set "WB_OLDCP=%%b"
if defined WB_OLDCP set "WB_OLDCP=%WB_OLDCP:.=%"
chcp 65001 >nul
set "ELECTRON_RUN_AS_NODE=1"
"%~dp0county-workbench.exe" "%~dp0resources\app.asar.unpacked\dist-electron\wb.cjs" %*
set "WB_RC=%ERRORLEVEL%"
if defined WB_OLDCP chcp %WB_OLDCP% >nul
exit /b %WB_RC%
