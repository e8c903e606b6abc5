; Inno Setup 6 script for 公报编辑部 (Gazette Desk): installs the PyInstaller one-folder app.
;
; Build on Windows, after the bundle (see docs/packaging.md):
;     python -m PyInstaller --noconfirm --clean packaging\gazette-desk.spec
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\gazette-desk.iss
; Output: dist\installer\gazette-desk-setup-<version>.exe
;
; The installer never touches user data: the database, attachments, scans and built PDFs live in
; the user's data folder (or the office's PostgreSQL and shared file store) and survive uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "公报编辑部"
#define AppExe "gazette-desk.exe"

[Setup]
AppId={{6B0B8E0A-3C1D-4E55-9C55-2A1E0F6D7A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=政府公报编辑部
DefaultDirName={autopf}\GazetteDesk
DefaultGroupName={#AppName}
; Per-user install by default (no administrator needed on locked-down office PCs); an
; administrator may choose "install for all users" in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=gazette-desk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
; The bundle holds ~4,000 files; some Qt/OCR paths are long, so keep the default folder short.
AllowUNCPath=no
CloseApplications=yes

[Languages]
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式："

[Files]
Source: "..\dist\gazette-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName}用户手册"; Filename: "{app}\_internal\docs\guide\index.md"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent
