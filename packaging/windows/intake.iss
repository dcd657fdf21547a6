; Inno Setup script for Intake on Windows. Build the frozen folder first (see packaging/README.md),
; then: iscc packaging\windows\intake.iss  ->  dist\intake-setup-VERSION.exe
#define AppVersion "0.1.0"

[Setup]
AppId={{6F3B8C2E-1C57-4E0B-9D43-4A8E2B7C9F10}
AppName=Intake
AppVersion={#AppVersion}
AppPublisher=Intake
DefaultDirName={autopf}\Intake
DefaultGroupName=Intake
; Per-user install by default: no administrator needed at a community centre's shared PC.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=intake-setup-{#AppVersion}
SetupIconFile=..\icons\intake-app.ico
UninstallDisplayIcon={app}\intake-app.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\build\dist\intake\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Intake"; Filename: "{app}\intake-app.exe"
Name: "{autodesktop}\Intake"; Filename: "{app}\intake-app.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put an Intake icon on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\intake-app.exe"; Description: "Open Intake now"; Flags: nowait postinstall skipifsilent

; Uninstalling removes the program only: the reports stay in the user's data folder
; (under %LOCALAPPDATA%), so that reinstalling finds them again.
